/**
 * Slack's message markup in text a person sends us (a query, a message searched by the shortcut or a thread mention).
 * Search never sees markup: it is reduced here, at the edge, to the text a person reads in Slack.
 */

/** Reduces Slack's message markup to plain words: links to their label, mentions and broadcasts removed. */
export function stripSlackMarkup(text: string): string {
  return text
    .replace(/<((?:https?|mailto):[^|>\s]*)\|([^>]*)>/g, ' $2 ')
    .replace(/<(?:https?|mailto):[^>\s]*>/g, ' ')
    .replace(/<[@#!][^>]*>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
}
