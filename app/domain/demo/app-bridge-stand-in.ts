/**
 * What App Bridge gives the embedded admin, for demo mode in a plain browser tab (there is no Shopify admin
 * around the app and no network to load App Bridge from). The navigation menu, save bar, modals and toasts
 * that Shopify admin would draw outside the app's iframe are drawn on the page instead. It issues no session
 * tokens: demo mode serves only the demo shop and needs none. Served by /demo/app-bridge.js in demo mode only.
 */
export const DEMO_APP_BRIDGE_SCRIPT = `
(() => {
  if (window.shopify) return;
  const style = document.createElement("style");
  style.textContent = \`
    ui-nav-menu { display: flex; gap: 4px; padding: 8px 16px; background: #1a1a1a; position: sticky; top: 0; z-index: 500; }
    ui-nav-menu a { color: #e3e3e3; text-decoration: none; font: 500 14px/20px Inter, system-ui, sans-serif; padding: 6px 12px; border-radius: 8px; }
    ui-nav-menu a:hover, ui-nav-menu a:focus-visible { background: #303030; color: #fff; }
    ui-title-bar { display: none; }
    ui-save-bar { display: none; }
    ui-save-bar[data-showing] { display: flex; gap: 8px; justify-content: flex-end; align-items: center; position: fixed; top: 0; left: 0; right: 0; padding: 10px 16px; background: #1a1a1a; z-index: 600; }
    ui-save-bar[data-showing]::before { content: "Unsaved changes"; color: #fff; font: 600 14px/20px Inter, system-ui, sans-serif; margin-right: auto; }
    ui-save-bar button { font: 600 13px/20px Inter, system-ui, sans-serif; padding: 6px 12px; border-radius: 8px; border: 0; cursor: pointer; }
    ui-save-bar button[variant="primary"] { background: #fff; color: #1a1a1a; }
    ui-modal { display: none; }
    ui-modal[data-showing] { display: block; position: fixed; inset: 10% 20%; background: #fff; border-radius: 12px; box-shadow: 0 8px 40px rgba(0,0,0,.35); padding: 16px; overflow: auto; z-index: 700; }
    .cartback-demo-toast { position: fixed; bottom: 24px; left: 50%; transform: translateX(-50%); background: #1a1a1a; color: #fff; padding: 10px 16px; border-radius: 8px; font: 500 14px/20px Inter, system-ui, sans-serif; z-index: 800; }
  \`;
  document.head.appendChild(style);

  const toast = {
    show(message, options = {}) {
      const element = document.createElement("div");
      element.className = "cartback-demo-toast";
      element.setAttribute("role", "status");
      element.textContent = String(message);
      document.body.appendChild(element);
      setTimeout(() => element.remove(), options.duration || 3000);
      return "toast";
    },
    hide() {},
  };

  class Showable extends HTMLElement {
    async show() { this.setAttribute("data-showing", ""); }
    async hide() { this.removeAttribute("data-showing"); }
    async toggle() { this.toggleAttribute("data-showing"); }
    get showing() { return this.hasAttribute("data-showing"); }
  }
  const byId = (id) => document.getElementById(id);
  // The current page's link is styled through a rule, not an attribute: React hydrates the links and would
  // report any attribute added to them as a mismatch.
  const current = document.createElement("style");
  document.head.appendChild(current);
  const markCurrentPage = () => {
    const hrefs = [...document.querySelectorAll("ui-nav-menu a")].map((link) => link.getAttribute("href") || "");
    const match = hrefs
      .filter((href) => href === location.pathname || (href !== "/app" && location.pathname.startsWith(href)))
      .sort((a, b) => b.length - a.length)[0];
    current.textContent = match
      ? \`ui-nav-menu a[href="\${CSS.escape(match)}"] { background: #fff; color: #1a1a1a; }\`
      : "";
  };
  class NavMenu extends HTMLElement {
    connectedCallback() { setTimeout(markCurrentPage, 0); }
  }

  window.shopify = {
    config: { apiKey: document.currentScript?.dataset.apiKey || "demo", shop: "demo" },
    environment: { embedded: false, mobile: false, pos: false },
    idToken: async () => "",
    toast,
    loading() {},
    saveBar: {
      show: async (id) => byId(id)?.show(),
      hide: async (id) => byId(id)?.hide(),
      toggle: async (id) => byId(id)?.toggle(),
      leaveConfirmation: async () => {},
    },
    modal: {
      show: async (id) => byId(id)?.show(),
      hide: async (id) => byId(id)?.hide(),
      toggle: async (id) => byId(id)?.toggle(),
    },
  };
  customElements.define("ui-nav-menu", NavMenu);
  customElements.define("ui-title-bar", class extends HTMLElement {});
  customElements.define("ui-save-bar", class extends Showable {});
  customElements.define("ui-modal", class extends Showable {});
  for (const method of ["pushState", "replaceState"]) {
    const original = history[method].bind(history);
    history[method] = (...args) => { const result = original(...args); setTimeout(markCurrentPage, 0); return result; };
  }
  addEventListener("popstate", markCurrentPage);
})();
`;
