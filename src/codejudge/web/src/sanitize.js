// A problem statement's HTML (Markdown rendered by marked, from whoever uploaded the problem)
// made safe to put in the page: DOMPurify with an allow-list of the tags and attributes Markdown
// needs, so nothing in a statement can run script, restyle or cover the page (no <style>, no
// style attribute, no classes but Markdown's and the math placeholders'), ask for a password
// (no form controls), frame or embed anything, or make the browser ask another origin for an
// image (an <img> keeps only a same-origin or data: source; the page's CSP says the same).
import DOMPurify from "dompurify";

const TAGS = [
  "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del", "details", "div", "dl", "dt", "em",
  "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p",
  "pre", "q", "s", "samp", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th",
  "thead", "tr", "u", "ul", "var",
];
const ATTRIBUTES = ["href", "title", "alt", "src", "class", "colspan", "rowspan", "align", "start", "open", "lang", "dir"];
// Elements dropped with their text, not just unwrapped (a button's label means nothing alone).
const DROP_WITH_CONTENT = ["button", "select", "option", "textarea", "object", "embed", "iframe", "frameset"];
// The classes a statement may carry: marked's code block languages and math.js's placeholders.
const CLASS = /^(language-[\w+#-]+|math-inline|math-display)$/;

const CONFIG = {
  ALLOWED_TAGS: TAGS,
  ALLOWED_ATTR: ATTRIBUTES,
  ADD_FORBID_CONTENTS: DROP_WITH_CONTENT,
  ALLOW_DATA_ATTR: false,
  ALLOW_ARIA_ATTR: false,
  RETURN_DOM_FRAGMENT: true,
};

// An image source the page may load: this origin's, or a data: image.
export function localImage(src) {
  if (/^data:image\//i.test(src.trim())) return true;
  try {
    return new URL(src, location.href).origin === location.origin;
  } catch {
    return false;
  }
}

function afterAttributes(node) {
  if (node.hasAttribute?.("class")) {
    const kept = [...node.classList].filter((name) => CLASS.test(name));
    if (kept.length) node.setAttribute("class", kept.join(" "));
    else node.removeAttribute("class");
  }
  if (node.tagName === "IMG" && !localImage(node.getAttribute("src") ?? "")) node.remove();
  if (node.tagName === "A" && node.hasAttribute("href")) node.setAttribute("rel", "noopener noreferrer nofollow");
}

DOMPurify.addHook("afterSanitizeAttributes", afterAttributes);

// `html` as a DocumentFragment holding only what the allow-lists keep.
export function sanitize(html) {
  return DOMPurify.sanitize(html, CONFIG);
}
