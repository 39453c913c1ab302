// Cleaning on the real seeds: one test per rule (junk removed by that rule, neighbouring reporting kept), an exact
// list of what is removed and what is a heading per seed (so a too-greedy rule fails), and span invariants.
import { readFileSync, readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { cleanText, type Cleaned } from '../../src/corpus/clean.ts'
import { RULES } from '../../src/corpus/rules.ts'
import type { Span } from '../../src/corpus/types.ts'

const SEEDS = fileURLToPath(new URL('../../seeds/', import.meta.url))
const SEED_FILES = readdirSync(SEEDS)
  .filter((f) => f.endsWith('.txt'))
  .sort()
const S000 = '000_c3b600c57a1722b1.txt'
const S001 = '001_3ce3e84cd5227a78.txt'
const S002 = '002_bac5b52dfc34d39a.txt'
const S003 = '003_0b5465d82192f9ae.txt'
const S004 = '004_71443e73fbfc48f7.txt'

const texts = new Map(SEED_FILES.map((f) => [f, readFileSync(SEEDS + f, 'utf8')]))
const cleaned = new Map(SEED_FILES.map((f) => [f, cleanText(texts.get(f)!)]))
const seed = (file: string): { text: string; c: Cleaned } => ({ text: texts.get(file)!, c: cleaned.get(file)! })
const slices = (text: string, spans: Span[]): string[] => spans.map((s) => text.slice(s.start, s.end))

/** What each seed loses, exactly: [rule, removed text]. Anything else removed, or any of these kept, fails. */
const EXPECTED_REMOVED: Record<string, [string, string][]> = {
  [S000]: [
    ['dateline', 'BEIRUT, Dec 6:'],
    ['wire-credit', '(AP)'],
  ],
  [S001]: [
    ['date-stamp', 'date 2024-12'],
    [
      'photo-caption',
      'Syrian opposition fighters with a seized military armoured vehicle on the outskirts of Hama, Syria (Ghaith Alsayed/AP)',
    ],
    [
      'photo-caption',
      'Internally displaced people in a camp in Tabqa city, Raqqa governorate, northern Syria (Hogir El Abdo/AP)',
    ],
  ],
  [S002]: [
    [
      'image-caption',
      'Image: An image of Syrian President Bashar al Assad riddled with bullets at the provincial government office building in Hama. Pic: AP',
    ],
    ['image-caption', 'Image: Residents flee Hama with their belongings. Pics: AP'],
    ['read-more', 'Read more:Who are the Syrian rebels?'],
    ['video-player', 'Please use Chrome browser for a more accessible video player'],
    ['video-duration', '2:18'],
    ['video-title', 'Celebrations in Syrian city as govt driven out'],
    ['story-link', 'Analysis: The immense significance of rebel offensive'],
    ['video-player', 'Please use Chrome browser for a more accessible video player'],
    ['video-duration', '0:38'],
    ['video-title', 'Syria rebels ‘backed by foreign countries’'],
    ['source-credit', 'Source : Sky News'],
  ],
  [S003]: [
    ['section-stamp', 'World | December 6, 2024, Friday // 11:06| views'],
    ['sources-list', 'Sources:'],
    ['sources-list', '- "X"'],
    ['sources-list', '- Telegram'],
    ['sources-list', '- Syrian Observatory for Human Rights'],
    ['sources-list', '- Anadolu Agency'],
    ['sources-list', '- DW'],
    ['navigation', 'Back'],
  ],
  [S004]: [
    ['edition-trailer', 'This story is from the December 07, 2024 edition of The Independent.'],
    [
      'paywall-promo',
      'Start your 7-day Magzter GOLD free trial to access thousands of curated premium stories, and 9,000+ magazines and newspapers.',
    ],
    ['paywall-promo', 'Already a subscriber ? Sign In'],
    ['edition-trailer', 'This story is from the December 07, 2024 edition of The Independent.'],
    [
      'paywall-promo',
      'Start your 7-day Magzter GOLD free trial to access thousands of curated premium stories, and 9,000+ magazines and newspapers.',
    ],
    ['paywall-promo', 'Already a subscriber? Sign In'],
    ...[
      "Relax Kemi, history's on your side in the battle with Farage",
      'Conservative MPs are worried. They weren’t worried when Andrea Jenkyns, formerly one of their number, defected to Nigel Farage’s Reform UK party.',
      "Unlike Starmer, Farage's charisma lights up the room",
      'The extraordinary poll showing Reform UK has overtaken the Labour Party in popularity can be attributed to many factors.',
      'Okolie follows in footsteps of giants with weight switch',
      'Lawrence Okolie is a big lad, and he has always been a big lad.',
      'Year of living dangerously: our season awards for 2024',
      'Kieran Jackson on best driver, biggest shock and much more',
      'Injury-plagued City cannot afford to slip up in Turin',
      "Manchester City's manager had his head in his hands.",
      "Liverpool's imperfect win maintains perfect campaign",
      'The mathematics of a complicated competition may remain unclear but one element is apparent.',
      "Thames Water's operation is simply not good enough",
      'Deeply in debt and proposing huge price hikes, the troubled company is holding customers to ransom',
      "Murdoch loses court case in real-life 'Succession' battle",
      "Rupert Murdoch's attempt to give his eldest son control of his family media empire has been blocked by a US court after a lengthy legal battle with three of his other children.",
      'Netanyahu takes witness stand in corruption trial',
      'Benjamin Netanyahu has become Israel’s first sitting prime minister to testify as a criminal defendant – having taken the witness stand in his lengthy corruption trial.',
      "US shooting suspect shouts as he's dragged into court",
      "Mangione: 'It's an insult to the intelligence of Americans'",
    ].map((line): [string, string] => ['after-edition-trailer', line]),
  ],
}

const EXPECTED_HEADINGS: Record<string, string[]> = {
  [S000]: [],
  [S001]: [],
  [S002]: [
    'Syrian rebels close in on central city as thousands flee lightning advance',
    'Government forces’ withdrawal ‘a tactical measure’',
    'Elite Hezbollah forces cross into Syria',
  ],
  [S003]: ["Syrian Opposition Forces Make Gains in Homs, Threatening Regime's Control"],
  [S004]: [],
}

/** Paragraph count per seed, and the first words of the first and last paragraph (the lede must survive its stamp). */
const EXPECTED_PARAGRAPHS: Record<string, { count: number; first: string; last: string }> = {
  [S000]: {
    count: 14,
    first: 'Syrian rebels advanced into two central towns',
    last: 'has reignited a conflict that had largely stagnated in recent years.',
  },
  [S001]: {
    count: 15,
    first: 'Syrian insurgents entered two central towns',
    last: 'largely stalemated for the past few years.',
  },
  [S002]: {
    count: 22,
    first: 'Syrian rebel forces are closing in',
    last: 'suffering heavy losses in its war with Israel.',
  },
  [S003]: { count: 6, first: 'Rebels, led by the Islamist faction', last: 'from Kurdish-controlled groups.' },
  [S004]: {
    count: 6,
    first: 'The push into the towns of Rastan',
    last: 'Syrian Observatory for Human Rights, an opposition war monitor.',
  },
}

describe('each seed: exactly the expected removals and headings, everything else reporting', () => {
  it('covers all five seeds', () => {
    expect(SEED_FILES).toEqual([S000, S001, S002, S003, S004])
  })

  it.each(SEED_FILES)('%s: removed spans are exactly the hand-written list', (file) => {
    const { text, c } = seed(file)
    expect(c.removed.map((r) => [r.rule, text.slice(r.start, r.end)])).toEqual(EXPECTED_REMOVED[file])
  })

  it.each(SEED_FILES)('%s: headings are exactly the title and section heads', (file) => {
    const { text, c } = seed(file)
    expect(slices(text, c.headings)).toEqual(EXPECTED_HEADINGS[file])
  })

  it.each(SEED_FILES)('%s: paragraphs: count, lede and last line kept, each a full sentence', (file) => {
    const { text, c } = seed(file)
    const paragraphs = slices(text, c.paragraphs)
    const expected = EXPECTED_PARAGRAPHS[file]!
    expect(paragraphs).toHaveLength(expected.count)
    expect(paragraphs[0]!.startsWith(expected.first)).toBe(true)
    expect(paragraphs.at(-1)!.endsWith(expected.last)).toBe(true)
    // Every seed paragraph is reporting, which ends like a sentence: nothing half-cut, no heading in the body.
    for (const p of paragraphs) expect(p).toMatch(/[.?!]["”’]?$/)
  })

  it.each(SEED_FILES)(
    '%s: every line of the file is accounted for exactly once (paragraph, heading or removal)',
    (file) => {
      const { text, c } = seed(file)
      const owner = coverage(text, c)
      for (let i = 0; i < text.length; i++) {
        const covered = owner[i]!
        if (/\s/.test(text[i]!)) expect(covered, `whitespace at ${i} is in no span`).toBeLessThanOrEqual(1)
        else expect(covered, `char ${i} ${JSON.stringify(text.slice(i, i + 20))} covered ${covered} times`).toBe(1)
      }
    },
  )

  it.each(SEED_FILES)('%s: spans are well-formed: start < end, inside the text, trimmed, in order', (file) => {
    const { text, c } = seed(file)
    for (const list of [c.paragraphs, c.headings, c.removed]) {
      let previousEnd = 0
      for (const s of list) {
        expect(s.start).toBeLessThan(s.end)
        expect(s.start).toBeGreaterThanOrEqual(previousEnd)
        expect(s.end).toBeLessThanOrEqual(text.length)
        expect(text[s.start]).toMatch(/\S/)
        expect(text[s.end - 1]).toMatch(/\S/)
        previousEnd = s.end
      }
    }
  })
})

/** How many spans cover each code unit of the text. */
function coverage(text: string, c: Cleaned): number[] {
  const owner = new Array<number>(text.length).fill(0)
  for (const s of [...c.paragraphs, ...c.headings, ...c.removed]) for (let i = s.start; i < s.end; i++) owner[i]!++
  return owner
}

/**
 * One row per rule, pinned on the seed that shows it: the junk it must remove, and reporting next to the junk
 * that must still be a paragraph (or heading) afterwards.
 */
const RULE_CASES: { rule: string; file: string; junk: string[]; keptParagraphs: string[]; keptHeadings?: string[] }[] =
  [
    {
      rule: 'edition-trailer',
      file: S004,
      junk: ['This story is from the December 07, 2024 edition of The Independent.'],
      keptParagraphs: [
        '“The battle of Homs is the mother of all battles and will decide who will rule Syria,” said Rami Abdurrahman, chief of the Britain-based Syrian Observatory for Human Rights, an opposition war monitor.',
      ],
    },
    {
      rule: 'after-edition-trailer',
      file: S004,
      junk: [
        "Relax Kemi, history's on your side in the battle with Farage",
        "Thames Water's operation is simply not good enough",
        'Lawrence Okolie is a big lad, and he has always been a big lad.',
      ],
      keptParagraphs: ["Russia's embassy in Syria has urged Russian nationals to leave the country."],
    },
    {
      rule: 'paywall-promo',
      file: S004,
      junk: [
        'Start your 7-day Magzter GOLD free trial to access thousands of curated premium stories, and 9,000+ magazines and newspapers.',
        'Already a subscriber ? Sign In',
        'Already a subscriber? Sign In',
      ],
      keptParagraphs: ["Russia's embassy in Syria has urged Russian nationals to leave the country."],
    },
    {
      rule: 'video-player',
      file: S002,
      junk: ['Please use Chrome browser for a more accessible video player'],
      keptParagraphs: [
        'He also claimed to have received support from the people in Hama.',
        'He made the remarks before the rebels marched south of Hama towards Homs.',
      ],
    },
    {
      rule: 'video-duration',
      file: S002,
      junk: ['2:18', '0:38'],
      keptParagraphs: ['Iran has provided significant support to Mr Assad during the country’s 13-year civil war.'],
    },
    {
      rule: 'video-title',
      file: S002,
      junk: ['Celebrations in Syrian city as govt driven out', 'Syria rebels ‘backed by foreign countries’'],
      keptParagraphs: [],
      keptHeadings: ['Government forces’ withdrawal ‘a tactical measure’', 'Elite Hezbollah forces cross into Syria'],
    },
    {
      rule: 'read-more',
      file: S002,
      junk: ['Read more:Who are the Syrian rebels?'],
      keptParagraphs: ['He also claimed to have received support from the people in Hama.'],
    },
    {
      rule: 'story-link',
      file: S002,
      junk: ['Analysis: The immense significance of rebel offensive'],
      keptParagraphs: ['He made the remarks before the rebels marched south of Hama towards Homs.'],
    },
    {
      rule: 'image-caption',
      file: S002,
      junk: [
        'Image: An image of Syrian President Bashar al Assad riddled with bullets at the provincial government office building in Hama. Pic: AP',
        'Image: Residents flee Hama with their belongings. Pics: AP',
      ],
      keptParagraphs: [
        'The capture of the two towns puts the rebels within three miles (5km) of Homs, according to the UK-based Syrian Observatory for Human Rights.',
        '“The battle of Homs is the mother of all battles and will decide who will rule Syria,” said the monitor’s chief, Rami Abdulrahman.',
        'A Syrian rebel who took part in the offensive on Hama told Sky News the fight to push on will continue.',
      ],
    },
    {
      rule: 'photo-caption',
      file: S001,
      junk: [
        'Syrian opposition fighters with a seized military armoured vehicle on the outskirts of Hama, Syria (Ghaith Alsayed/AP)',
        'Internally displaced people in a camp in Tabqa city, Raqqa governorate, northern Syria (Hogir El Abdo/AP)',
      ],
      keptParagraphs: [
        'The insurgents, led by the jihadi Hayat Tahrir al-Sham group, or HTS, have said they will march to Homs and Damascus, President Bashar Assad’s seat of power.',
        'After the fall of Hama, opposition activists said that thousands of Homs residents who are loyal to Mr Assad were seen fleeing toward Damascus and the coastal region.',
        'Syria’s defence minister said in a televised statement late on Thursday that the withdrawal of government forces from Hama was a tactical measure and vowed to gain back lost areas.',
      ],
    },
    {
      rule: 'source-credit',
      file: S002,
      junk: ['Source : Sky News'],
      keptParagraphs: [
        'Mr Assad was able to cling to power largely through the help of his allies, Russia and Iran, though both countries and Hezbollah have been distracted by their own wars, with Russia preoccupied with its invasion of Ukraine since 2022 and Hezbollah in Lebanon suffering heavy losses in its war with Israel.',
      ],
    },
    {
      rule: 'sources-list',
      file: S003,
      junk: ['Sources:', '- "X"', '- Telegram', '- Syrian Observatory for Human Rights', '- Anadolu Agency', '- DW'],
      keptParagraphs: [
        "The current offensive follows a series of clashes between Syrian regime forces and anti-regime groups that started in late November in Aleppo. By November 30, opposition forces had secured much of Aleppo's city center and solidified their control over Idlib province. On December 5, they also managed to capture the city center of Hama, further solidifying their momentum. Meanwhile, the Syrian National Army, aligned with anti-regime forces, recently launched Operation Dawn of Freedom, which successfully liberated areas in Aleppo's countryside from Kurdish-controlled groups.",
      ],
    },
    {
      rule: 'navigation',
      file: S003,
      junk: ['Back'],
      keptParagraphs: [],
    },
    {
      rule: 'wire-credit',
      file: S000,
      junk: ['(AP)'],
      keptParagraphs: [
        'The offensive is spearheaded by HTS alongside a coalition of Turkish-backed Syrian militias known as the Syrian National Army. Their dramatic takeover of Aleppo, a historic trade center, has been a remarkable achievement for Assad’s adversaries and has reignited a conflict that had largely stagnated in recent years.',
      ],
    },
    {
      rule: 'date-stamp',
      file: S001,
      junk: ['date 2024-12'],
      keptParagraphs: [
        'Syrian insurgents entered two central towns early on Friday just north of the central city of Homs, bringing them closer to Syria’s third largest city, an opposition war monitor and pro-government media both reported.',
      ],
    },
    {
      rule: 'section-stamp',
      file: S003,
      junk: ['World | December 6, 2024, Friday // 11:06| views'],
      keptParagraphs: [
        "Rebels, led by the Islamist faction Hayat Tahrir al-Sham (HTS), have made significant advances toward the city of Homs in central Syria, according to the Syrian Observatory for Human Rights. The insurgents are now within 5 km of the city's outskirts, after capturing key towns like Rastan and Talbisseh, which are located along the vital M5 highway that links Homs to Damascus and the north. The assault on Homs follows earlier gains made by HTS, including the capture of Aleppo and Hama, both major losses for the regime of President Bashar Assad.",
      ],
      keptHeadings: ["Syrian Opposition Forces Make Gains in Homs, Threatening Regime's Control"],
    },
    {
      rule: 'dateline',
      file: S000,
      junk: ['BEIRUT, Dec 6:'],
      keptParagraphs: [
        'Syrian rebels advanced into two central towns early Friday, located just north of Homs, Syria’s third-largest city, as reported by both an opposition war monitor and pro-government media.',
      ],
    },
  ]

describe('each cleaning rule, pinned on the seed that shows it', () => {
  it('every rule pinned here is a rule (rules the seeds do not show are pinned on wire copy: wire.test.ts)', () => {
    const ids = RULES.map((r) => r.id)
    for (const c of RULE_CASES) expect(ids).toContain(c.rule)
  })

  it.each(RULE_CASES)('$rule ($file)', ({ rule, file, junk, keptParagraphs, keptHeadings = [] }) => {
    const { text, c } = seed(file)
    const removedByRule = c.removed.filter((r) => r.rule === rule).map((r) => text.slice(r.start, r.end))
    for (const j of junk) expect(removedByRule).toContain(j)
    for (const r of c.removed.filter((x) => x.rule === rule)) expect(r.reason.length).toBeGreaterThan(10)
    const paragraphs = slices(text, c.paragraphs)
    for (const p of keptParagraphs) expect(paragraphs).toContain(p)
    const headings = slices(text, c.headings)
    for (const h of keptHeadings) expect(headings).toContain(h)
    // The junk never survives anywhere as reporting or a heading.
    for (const j of junk) {
      expect(paragraphs.some((p) => p.includes(j))).toBe(false)
      expect(headings).not.toContain(j)
    }
  })

  it('nothing after the first edition trailer is a paragraph or heading', () => {
    const { text, c } = seed(S004)
    const trailer = text.indexOf('This story is from the')
    expect(trailer).toBeGreaterThan(0)
    expect([...c.paragraphs, ...c.headings].every((s) => s.end <= trailer)).toBe(true)
  })

  it('titles: the first line when it is a heading (002, 003), none otherwise', () => {
    const title = (file: string): string | null => {
      const { text, c } = seed(file)
      return c.title ? text.slice(c.title.start, c.title.end) : null
    }
    expect(title(S002)).toBe('Syrian rebels close in on central city as thousands flee lightning advance')
    expect(title(S003)).toBe("Syrian Opposition Forces Make Gains in Homs, Threatening Regime's Control")
    expect(title(S000)).toBeNull()
    expect(title(S001)).toBeNull()
    expect(title(S004)).toBeNull()
  })
})
