/**
 * The POST forms a page renders, read with workerd's HTMLRewriter: where each posts and
 * the fields a browser would send when its submit button is pressed (one submission per
 * named submit button, e.g. each `intent`). File inputs are left out.
 */
import { matchRoutes } from "react-router";
import { manifestRoutes } from "./server-build";

export interface PageForm {
  /** Absolute path the form posts to. */
  action: string;
  fields: [string, string][];
  /** Names of the hidden inputs among `fields` (ids, intents: not typed by a person). */
  hidden: string[];
  /** "intent=delete" or the action path, for test names. */
  label: string;
}

interface RawForm {
  action: string;
  fields: [string, string][];
  hidden: string[];
  buttons: [string, string][];
  selects: Map<string, string>;
}

export async function formsOnPage(html: string, pageUrl: string): Promise<PageForm[]> {
  const forms: RawForm[] = [];
  let current: RawForm | null = null;
  let textarea: { name: string; text: string } | null = null;
  let select: { name: string; first: string | null; selected: string | null } | null = null;
  const rewriter = new HTMLRewriter()
    .on("form", {
      element(el) {
        if ((el.getAttribute("method") ?? "get").toLowerCase() !== "post") {
          current = null;
          return;
        }
        const form: RawForm = {
          action: new URL(el.getAttribute("action") ?? pageUrl, pageUrl).pathname,
          fields: [],
          hidden: [],
          buttons: [],
          selects: new Map(),
        };
        forms.push(form);
        current = form;
        el.onEndTag(() => {
          current = null;
        });
      },
    })
    .on("form input", {
      element(el) {
        const name = el.getAttribute("name");
        if (!current || !name) return;
        const type = (el.getAttribute("type") ?? "text").toLowerCase();
        const value = el.getAttribute("value") ?? "";
        if (type === "file") return;
        if (type === "submit") return void current.buttons.push([name, value]);
        if ((type === "checkbox" || type === "radio") && !el.hasAttribute("checked")) return;
        if (type === "hidden") current.hidden.push(name);
        current.fields.push([name, type === "checkbox" && !el.hasAttribute("value") ? "on" : value]);
      },
    })
    .on("form button", {
      element(el) {
        const name = el.getAttribute("name");
        if (current && name && (el.getAttribute("type") ?? "submit") === "submit")
          current.buttons.push([name, el.getAttribute("value") ?? ""]);
      },
    })
    .on("form textarea", {
      element(el) {
        const name = el.getAttribute("name");
        if (!current || !name) return;
        const form = current;
        const entry = { name, text: "" };
        textarea = entry;
        el.onEndTag(() => {
          form.fields.push([entry.name, decodeEntities(entry.text)]);
          textarea = null;
        });
      },
      text(chunk) {
        if (textarea) textarea.text += chunk.text;
      },
    })
    .on("form select", {
      element(el) {
        const name = el.getAttribute("name");
        if (!current || !name) return;
        const form = current;
        const entry = { name, first: null as string | null, selected: null as string | null };
        select = entry;
        el.onEndTag(() => {
          const value = entry.selected ?? entry.first;
          if (value !== null) form.fields.push([entry.name, value]);
          select = null;
        });
      },
    })
    .on("form select option", {
      element(el) {
        if (!select) return;
        const value = el.getAttribute("value") ?? "";
        select.first ??= value;
        if (el.hasAttribute("selected")) select.selected = value;
      },
    });
  await rewriter.transform(new Response(html)).text();
  return forms.flatMap((form) => {
    const submissions =
      form.buttons.length > 0
        ? form.buttons.map((button) => [...form.fields, button] as [string, string][])
        : [form.fields];
    return submissions.map((fields) => {
      const intent = fields.find(([name]) => name === "intent")?.[1];
      return {
        action: form.action,
        fields,
        hidden: [...form.hidden, ...form.buttons.map(([name]) => name)],
        label: intent ? `${form.action} intent=${intent}` : form.action,
      };
    });
  });
}

function decodeEntities(text: string): string {
  return text.replace(/&(#x?[0-9a-f]+|amp|lt|gt|quot|#39|apos);/gi, (whole, code: string) => {
    const named: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };
    if (named[code.toLowerCase()]) return named[code.toLowerCase()]!;
    const n = code[1]?.toLowerCase() === "x" ? parseInt(code.slice(2), 16) : parseInt(code.slice(1), 10);
    return Number.isFinite(n) ? String.fromCodePoint(n) : whole;
  });
}

const routeTree = [
  {
    id: "root",
    path: "",
    children: manifestRoutes.map((r) => ({ id: r.id, path: r.path, index: r.index, caseSensitive: r.caseSensitive })),
  },
];

/** The route id a pathname reaches, as the router matches it. */
export function routeIdFor(pathname: string): string | undefined {
  const matches = matchRoutes(routeTree, pathname);
  return matches?.[matches.length - 1]?.route.id;
}
