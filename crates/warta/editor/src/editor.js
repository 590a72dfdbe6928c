// The ProseMirror view for the article body: plugins, shortcuts, paste and
// drop handling. The toolbar and dialogs drive it through `commands.js`.
import { EditorState, Plugin, NodeSelection, TextSelection } from "prosemirror-state";
import { EditorView, Decoration, DecorationSet } from "prosemirror-view";
import { history, undo, redo } from "prosemirror-history";
import { keymap } from "prosemirror-keymap";
import { baseKeymap, chainCommands, exitCode } from "prosemirror-commands";
import { splitListItem, liftListItem, sinkListItem } from "prosemirror-schema-list";
import { inputRules, wrappingInputRule, textblockTypeInputRule, InputRule } from "prosemirror-inputrules";
import { dropCursor } from "prosemirror-dropcursor";
import { gapCursor } from "prosemirror-gapcursor";
import { schema, fromHTML } from "./schema.js";
import { nodeViews } from "./nodeviews.js";
import {
  toggleStrong, toggleEm, toggleStrike, toggleHeading, setParagraph, toggleQuote, toggleList,
  urlLineToEmbed, markExtent,
} from "./commands.js";
import { cleanHTML, textToSlice, embedUrlParagraphs, looksLikeEmbedCode, MAX_PASTE, linkedText } from "./paste.js";
import { recognise, isAllowedHref, parseWebUrl } from "./embeds.js";

const N = schema.nodes;

function placeholder(text) {
  return new Plugin({
    props: {
      decorations(state) {
        const doc = state.doc;
        if (doc.childCount !== 1 || !doc.firstChild.isTextblock || doc.firstChild.content.size) return null;
        return DecorationSet.create(doc, [
          Decoration.node(0, doc.firstChild.nodeSize, { class: "we-empty", "data-placeholder": text }),
        ]);
      },
    },
  });
}

function rules() {
  return inputRules({
    rules: [
      textblockTypeInputRule(/^##\s$/, N.heading, { level: 2 }),
      textblockTypeInputRule(/^###\s$/, N.heading, { level: 3 }),
      wrappingInputRule(/^\s*>\s$/, N.blockquote),
      wrappingInputRule(/^\s*([-*•])\s$/, N.bullet_list),
      wrappingInputRule(/^\s*(\d+)[.)]\s$/, N.ordered_list),
      // A web address followed by a space becomes a link.
      new InputRule(/(?:^|\s)(https?:\/\/[^\s]+)\s$/, (state, match, start, end) => {
        let url = match[1];
        while (/[.,;:!?'")]$/.test(url)) url = url.slice(0, -1);
        if (!isAllowedHref(url)) return null;
        const from = end - match[1].length;
        if (state.doc.rangeHasMark(from, end, schema.marks.link)) return null;
        const tr = state.tr.addMark(from, from + url.length, schema.marks.link.create({ href: url }));
        tr.insertText(" ", end);
        tr.removeStoredMark(schema.marks.link);
        return tr;
      }),
    ],
  });
}

function imageFiles(list) {
  return Array.from(list || []).filter((f) => f && f.type && f.type.startsWith("image/"));
}

/**
 * Creates the editor in `mount`. `hooks`: `change(html)` after every change
 * of the document, `notice(text, kind)`, `uploadFiles(files)`,
 * `edit(pos)` for a picture or gallery, `openLink()`, `selection()`.
 */
export function createEditor(mount, html, hooks, labelId) {
  const mod = {
    "Mod-z": undo,
    "Shift-Mod-z": redo,
    "Mod-y": redo,
    "Mod-b": toggleStrong,
    "Mod-B": toggleStrong,
    "Mod-i": toggleEm,
    "Mod-I": toggleEm,
    "Mod-Shift-x": toggleStrike,
    "Mod-Shift-X": toggleStrike,
    "Mod-Alt-0": setParagraph,
    "Mod-Alt-2": toggleHeading(2),
    "Mod-Alt-3": toggleHeading(3),
    "Mod-Shift-7": toggleList(N.ordered_list),
    "Mod-Shift-8": toggleList(N.bullet_list),
    "Mod-Shift-9": toggleQuote,
    "Mod-k": () => {
      hooks.openLink();
      return true;
    },
    "Shift-Enter": chainCommands(exitCode, (state, dispatch) => {
      if (dispatch) dispatch(state.tr.replaceSelectionWith(N.hard_break.create()).scrollIntoView());
      return true;
    }),
    Enter: chainCommands(
      (state) => {
        // Enter on a selected picture or gallery opens its dialog.
        const sel = state.selection;
        if (sel instanceof NodeSelection && (sel.node.type === N.picture || sel.node.type === N.gallery)) {
          hooks.edit(sel.from);
          return true;
        }
        return false;
      },
      urlLineToEmbed,
      splitListItem(N.list_item),
    ),
    Tab: sinkListItem(N.list_item),
    "Shift-Tab": liftListItem(N.list_item),
  };

  const state = EditorState.create({
    doc: fromHTML(html),
    plugins: [
      rules(),
      keymap(mod),
      keymap(baseKeymap),
      history(),
      dropCursor({ color: "#0b57d0", width: 3 }),
      gapCursor(),
      placeholder("Tulis isi artikel di sini…"),
    ],
  });

  const view = new EditorView(mount, {
    state,
    nodeViews: nodeViews({ edit: (pos) => hooks.edit(pos) }),
    attributes: {
      class: "we-content",
      role: "textbox",
      "aria-multiline": "true",
      "aria-label": "Isi artikel",
      "aria-labelledby": labelId,
      spellcheck: "true",
      lang: "id",
    },
    dispatchTransaction(tr) {
      const next = view.state.apply(tr);
      view.updateState(next);
      if (tr.docChanged) hooks.change();
      hooks.selection();
    },
    handleDoubleClickOn(view, pos, node, nodePos, event, direct) {
      if (direct && (node.type === N.picture || node.type === N.gallery)) {
        hooks.edit(nodePos);
        return true;
      }
      return false;
    },
    transformPastedHTML(pasted) {
      const { html: clean, notices } = cleanHTML(pasted);
      if (notices.length) hooks.notice(notices.join(" "), "info");
      return clean;
    },
    clipboardTextParser(text) {
      return textToSlice(text);
    },
    transformPasted(slice) {
      return embedUrlParagraphs(slice);
    },
    handleDOMEvents: {
      paste(view, event) {
        const cd = event.clipboardData;
        if (!cd) return false;
        const pastedHTML = cd.getData("text/html") || "";
        const text = cd.getData("text/plain") || "";
        if (pastedHTML.length > MAX_PASTE || text.length > MAX_PASTE) {
          event.preventDefault();
          hooks.notice("Teks yang ditempel lebih dari 2 MB dan tidak disisipkan. Tempel sebagian demi sebagian.", "error");
          return true;
        }
        const files = imageFiles(cd.files);
        const htmlText = pastedHTML.replace(/<[^>]*>/g, "").trim();
        if (files.length && !text.trim() && !htmlText) {
          event.preventDefault();
          hooks.uploadFiles(files);
          return true;
        }
        const single = text.trim();
        if (single && !/\s/.test(single) && parseWebUrl(single)) {
          event.preventDefault();
          pasteUrl(view, single);
          return true;
        }
        if (!pastedHTML && looksLikeEmbedCode(text)) {
          event.preventDefault();
          view.pasteHTML(text, event);
          return true;
        }
        return false;
      },
    },
    handleDrop(view, event, slice, moved) {
      if (moved) return false;
      const files = imageFiles(event.dataTransfer && event.dataTransfer.files);
      if (!files.length) return false;
      event.preventDefault();
      const at = view.posAtCoords({ left: event.clientX, top: event.clientY });
      if (at) view.dispatch(view.state.tr.setSelection(TextSelection.near(view.state.doc.resolve(at.pos))));
      hooks.uploadFiles(files);
      return true;
    },
  });
  return view;
}

/**
 * A pasted web address: alone on an empty line a recognised one becomes an
 * embed; over selected text it links the text; elsewhere it is inserted as
 * a link.
 */
export function pasteUrl(view, url) {
  const state = view.state;
  const { $from, empty, from, to } = state.selection;
  const found = recognise(url);
  const para = $from.parent;
  if (found && empty && $from.depth === 1 && para.type === N.paragraph && para.content.size === 0) {
    const start = $from.before(1);
    let tr = state.tr.replaceWith(start, $from.after(1), [N.embed.create(found), N.paragraph.create()]);
    tr = tr.setSelection(TextSelection.create(tr.doc, start + tr.doc.nodeAt(start).nodeSize + 1));
    view.dispatch(tr.scrollIntoView());
    return;
  }
  if (!isAllowedHref(url)) {
    view.dispatch(state.tr.insertText(url).scrollIntoView());
    return;
  }
  const link = schema.marks.link.create({ href: url });
  if (!empty && $from.sameParent(state.selection.$to) && para.inlineContent) {
    view.dispatch(state.tr.removeMark(from, to, schema.marks.link).addMark(from, to, link));
    return;
  }
  const marks = (state.storedMarks || $from.marks()).filter((m) => m.type !== schema.marks.link);
  const tr = state.tr.replaceSelectionWith(schema.text(url, link.addToSet(marks)), false);
  tr.removeStoredMark(schema.marks.link);
  view.dispatch(tr.scrollIntoView());
}

/** Replaces the whole document (restoring a local copy), as one undo step. */
export function setContent(view, html) {
  const doc = fromHTML(html);
  const tr = view.state.tr.replaceWith(0, view.state.doc.content.size, doc.content);
  view.dispatch(tr);
}

export { markExtent, linkedText };
