// Editing commands the toolbar, the shortcuts and the dialogs share.
import { setBlockType, wrapIn, lift, toggleMark } from "prosemirror-commands";
import { wrapInList, liftListItem } from "prosemirror-schema-list";
import { Selection, TextSelection, NodeSelection } from "prosemirror-state";
import { closeHistory } from "prosemirror-history";
import { schema } from "./schema.js";
import { recognise } from "./embeds.js";

const N = schema.nodes;
const M = schema.marks;

/** Whether the mark is on the selection (or stored for the next typing). */
export function markActive(state, type) {
  const { from, $from, to, empty } = state.selection;
  if (empty) return !!type.isInSet(state.storedMarks || $from.marks());
  return state.doc.rangeHasMark(from, to, type);
}

/** The nearest ancestor of the selection start of one of the given types. */
export function ancestor(state, types) {
  const { $from } = state.selection;
  for (let d = $from.depth; d > 0; d--) {
    const node = $from.node(d);
    if (types.includes(node.type)) return { node, depth: d, pos: $from.before(d) };
  }
  return null;
}

export function blockActive(state, type, attrs) {
  const { $from, to } = state.selection;
  const parent = $from.parent;
  if (to > $from.end()) return false;
  if (parent.type !== type) return false;
  return !attrs || Object.keys(attrs).every((k) => parent.attrs[k] === attrs[k]);
}

export const setParagraph = setBlockType(N.paragraph);

/** Makes the block a subheading of the level, or a paragraph when it is one. */
export function toggleHeading(level) {
  return (state, dispatch) => {
    if (blockActive(state, N.heading, { level })) return setParagraph(state, dispatch);
    return setBlockType(N.heading, { level })(state, dispatch);
  };
}

export const toggleStrong = toggleMark(M.strong);
export const toggleEm = toggleMark(M.em);
export const toggleStrike = toggleMark(M.strike);

/** Wraps the blocks in a quote, or takes them out of the one they are in. */
export function toggleQuote(state, dispatch) {
  if (ancestor(state, [N.blockquote])) return lift(state, dispatch);
  if (wrapIn(N.blockquote)(state, dispatch)) return true;
  // A subheading cannot be quoted: make it a paragraph first.
  if (state.selection.$from.parent.type !== N.heading) return false;
  if (!dispatch) return true;
  const tr = state.tr.setBlockType(state.selection.from, state.selection.to, N.paragraph);
  return wrapIn(N.blockquote)(state.apply(tr), (wrapped) => {
    wrapped.steps.forEach((step) => tr.step(step));
    dispatch(tr.setSelection(Selection.fromJSON(tr.doc, wrapped.selection.toJSON())));
  });
}

/** Makes the blocks a list of the type; switches or removes an existing one. */
export function toggleList(type) {
  return (state, dispatch) => {
    const list = ancestor(state, [N.bullet_list, N.ordered_list]);
    if (list && list.node.type === type) return liftListItem(N.list_item)(state, dispatch);
    if (list) {
      if (dispatch) dispatch(state.tr.setNodeMarkup(list.pos, type));
      return true;
    }
    return wrapInList(type)(state, dispatch);
  };
}

/** The range [from, to) of the mark of the type around a position. */
export function markExtent(state, pos, type) {
  const $pos = state.doc.resolve(pos);
  const parent = $pos.parent;
  const start = $pos.start();
  let found = null;
  const ranges = [];
  parent.forEach((child, childOffset) => {
    const mark = type.isInSet(child.marks);
    ranges.push({ from: start + childOffset, to: start + childOffset + child.nodeSize, mark });
  });
  // Join neighbouring pieces carrying the same mark, keep the one at pos.
  let cur = null;
  for (const r of ranges) {
    if (r.mark && cur && cur.mark.eq(r.mark) && cur.to === r.from) cur.to = r.to;
    else {
      if (cur && cur.mark && cur.from <= pos && pos <= cur.to && !found) found = cur;
      cur = r.mark ? { ...r } : null;
    }
  }
  if (cur && cur.mark && cur.from <= pos && pos <= cur.to && !found) found = cur;
  return found;
}

/**
 * Puts a block node (picture, gallery, embed) at the cursor: instead of an
 * empty paragraph, before or after the paragraph when the cursor is at its
 * edge, or between the halves of a split one. Inside a list or a quote it
 * goes after that list or quote. The cursor ends up just after it.
 */
export function insertBlock(node) {
  return (state, dispatch) => {
    const sel = state.selection;
    let tr = state.tr;
    let insertAt;
    let replaced = null;
    if (sel instanceof NodeSelection && sel.$from.depth === 0) {
      insertAt = sel.to;
    } else {
      if (!sel.empty) tr = tr.deleteSelection();
      const $pos = tr.doc.resolve(tr.mapping.map(sel.$from.pos));
      if ($pos.depth === 0) insertAt = $pos.pos;
      else if ($pos.depth === 1 && $pos.parent.isTextblock) {
        const para = $pos.parent;
        if (para.content.size === 0) {
          // The node takes the empty paragraph's place.
          tr = tr.replaceWith($pos.before(1), $pos.after(1), node);
          replaced = $pos.before(1);
        } else if ($pos.parentOffset === 0) insertAt = $pos.before(1);
        else if ($pos.parentOffset === para.content.size) insertAt = $pos.after(1);
        else {
          tr = tr.split($pos.pos);
          insertAt = $pos.pos + 1;
        }
      } else insertAt = $pos.after(1);
    }
    if (replaced === null) tr = tr.insert(insertAt, node);
    const after = (replaced === null ? insertAt : replaced) + node.nodeSize;
    // Always leave a paragraph to go on writing in after it.
    const $after = tr.doc.resolve(after);
    const nextNode = $after.nodeAfter;
    if (!nextNode || !nextNode.isTextblock) tr = tr.insert(after, N.paragraph.create());
    tr = tr.setSelection(TextSelection.near(tr.doc.resolve(after + 1)));
    if (dispatch) dispatch(closeHistory(tr).scrollIntoView());
    return true;
  };
}

/**
 * Enter at the end of a paragraph that holds only a recognised URL turns it
 * into an embed (for a typed URL; pasted ones are handled on paste).
 */
export function urlLineToEmbed(state, dispatch) {
  const { $from, empty } = state.selection;
  if (!empty || $from.depth !== 1 || $from.parent.type !== N.paragraph) return false;
  if ($from.parentOffset !== $from.parent.content.size) return false;
  let onlyText = true;
  $from.parent.forEach((c) => {
    if (!c.isText) onlyText = false;
  });
  const found = onlyText && recognise($from.parent.textContent.trim());
  if (!found) return false;
  if (dispatch) {
    const start = $from.before(1);
    let tr = state.tr.replaceWith(start, $from.after(1), [N.embed.create(found), N.paragraph.create()]);
    const embedSize = tr.doc.nodeAt(start).nodeSize;
    tr = tr.setSelection(TextSelection.create(tr.doc, start + embedSize + 1));
    dispatch(tr.scrollIntoView());
  }
  return true;
}
