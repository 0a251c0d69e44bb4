import { describe, expect, it } from "vitest";
import { collapseText, decodeEntities, htmlToText } from "./html-to-text";

describe("htmlToText", () => {
  it("drops tags, separating words at block boundaries but not inside inline markup", () => {
    expect(htmlToText("<p>Soft <b>cotton</b> tee.</p><ul><li>Organic</li><li>Fair<br>trade</li></ul>")).toBe(
      "Soft cotton tee. Organic Fair trade",
    );
    expect(htmlToText("<strong>B</strong>old<span>er</span>")).toBe("Bolder");
  });

  it("decodes common entities once, after the tags are gone", () => {
    expect(
      htmlToText("<p>Tom &amp; Jerry&rsquo;s &quot;best&quot; &ndash; 10&nbsp;kg &#169; &#x1F600;</p>"),
    ).toBe('Tom & Jerry’s "best" – 10 kg © 😀');
    // Escaped markup is text, not a tag; a double-escaped entity decodes one level only.
    expect(htmlToText("&lt;script&gt;alert(1)&lt;/script&gt; &amp;lt;")).toBe(
      "<script>alert(1)</script> &lt;",
    );
    expect(decodeEntities("&bogus; &#0; &#xD800; &#99999999;")).toBe("&bogus; \uFFFD \uFFFD \uFFFD");
  });

  it("decodes every HTML5 named entity with its case, as a browser does", () => {
    expect(
      htmlToText("<p>&Eacute;t&eacute; &agrave; Bogot&aacute;: pi&ntilde;a &Ntilde;and&uacute;</p>"),
    ).toBe("Été à Bogotá: piña Ñandú");
    expect(htmlToText("&hearts; &notin; &frac12; &Omega; &oelig;uvre &rarr; &euro;5")).toBe(
      "♥ ∉ ½ Ω œuvre → €5",
    );
    // Legacy references without a semicolon, as in old merchant HTML; a bare ampersand stays.
    expect(htmlToText("Tom &amp Jerry &copy 2024, AT&T")).toBe("Tom & Jerry © 2024, AT&T");
  });

  it("leaves out scripts, styles and comments, and keeps a lone < as text", () => {
    expect(
      htmlToText(
        '<style>p{color:red}</style><!-- hidden --><p>3 < 5</p><script type="x">var a = "<p>";</script>ok',
      ),
    ).toBe("3 < 5 ok");
  });

  it("collapses whitespace and caps the length", () => {
    expect(htmlToText("  line one\n\n\tline   two  ")).toBe("line one line two");
    expect(htmlToText(`<p>${"word ".repeat(2000)}</p>`)).toHaveLength(4999);
    expect(htmlToText("<p>abcdef</p>", 3)).toBe("abc");
    // A cut that would split an emoji in half drops it instead.
    expect(collapseText("ab😀", 3)).toBe("ab");
  });

  it("stays linear on hostile input: no slower than a few passes over its characters", () => {
    const hostile = "<".repeat(100_000) + "<p".repeat(100_000) + "<script>".repeat(25_000);
    // Compared with one plain pass over the same characters on the same machine, so the machine's speed does
    // not matter; quadratic work over 500,000 characters would be tens of thousands of times slower.
    const timed = (work: () => void) => {
      const stopwatch = performance.now();
      work();
      return performance.now() - stopwatch;
    };
    let characters = 0;
    const onePass = Math.min(
      ...Array.from({ length: 3 }, () => timed(() => hostile.split("").forEach(() => characters++))),
    );
    const converted = Math.min(...Array.from({ length: 3 }, () => timed(() => htmlToText(hostile))));
    expect(characters).toBe(hostile.length * 3);
    expect(converted / onePass).toBeLessThan(100);
  });

  it("drops an unterminated tag at the end", () => {
    expect(htmlToText('Hello <img src="https://cdn.example/a.png')).toBe("Hello");
  });
});
