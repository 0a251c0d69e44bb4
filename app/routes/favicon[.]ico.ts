/**
 * Browsers ask for /favicon.ico on their own (for a page that names no icon, a JSON answer, an image). The
 * app's icon is public/favicon.svg; without this route the request fell through to Remix, which logged "No
 * route matches" with a stack trace each time.
 */
export const loader = () =>
  new Response(null, {
    status: 301,
    headers: { Location: "/favicon.svg", "Cache-Control": "public, max-age=86400" },
  });
