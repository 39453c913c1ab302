// wink-lexicon ships no types; its lexicon is an object from each common English word to its part-of-speech tags.
declare module 'wink-lexicon/src/lexicon.js' {
  const lexicon: Readonly<Record<string, readonly string[]>>
  export default lexicon
}
