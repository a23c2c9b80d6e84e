/** Deterministic pseudo-random numbers (mulberry32), so a failing generated text can be reproduced. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const FRAGMENTS = [
  "the",
  "quick",
  "brown",
  "fox",
  "jumps",
  "over",
  "lazy",
  "dog",
  "Lorem",
  "ipsum",
  "naïve",
  "café",
  "e\u0301",
  "Z\u0337\u0322\u031b",
  "日本語のテキスト",
  "中文句子",
  "。",
  "！",
  "🎉",
  "👩\u200d👩\u200d👧",
  "🇫🇷",
  "👍🏽",
  "مرحبا",
  "नमस्ते",
  "12345",
  "3.14",
  "const x = a && b;",
  "<|endoftext|>",
  "https://example.com/a?b=c",
  ".",
  ",",
  "!",
  "?",
  ";",
  ":",
  "—",
  "'s",
  '"quoted"',
  "(paren)",
  "\u00a0",
  "\u200b",
  " ",
  " ",
  " ",
  " ",
  "  ",
  "\t",
  "\n",
  "\n",
  "\r\n",
  "\n\n",
  "\n\n\n",
  "   \n",
  "\n# Title\n",
  "\n## Section\n",
  "\n### Deep #\n",
  "\nSetext\n===\n",
  "\nSub\n---\n",
  "\n- item\n",
  "\n> quote\n",
  "\n```\n# not a heading\n```\n",
  "\n~~~\n## also not\n~~~\n",
  "#hashtag",
  "####### seven",
];

/** A text of about `length` characters mixing prose, Markdown, scripts, emoji, CJK, combining marks and line endings. */
export function randomText(random: () => number, length: number): string {
  let text = "";
  while (text.length < length) {
    const fragment = FRAGMENTS[Math.floor(random() * FRAGMENTS.length)]!;
    text += fragment;
    if (random() < 0.6) text += " ";
  }
  return text;
}

/** A plausible Markdown handbook of about `length` characters: nested headings, paragraphs, lists, code. */
export function handbookText(length: number): string {
  const parts: string[] = [];
  let size = 0;
  for (let chapter = 1; size < length; chapter++) {
    const chapterParts = [
      `# Chapter ${chapter}\n\n`,
      `This chapter explains part ${chapter} of the platform. It covers installation, configuration and operation. `,
      `Operators should read it before upgrading; skipping steps leaves clusters in a mixed state.\n\n`,
      `## Install\n\n`,
      `Download the release for your system and verify its checksum. The installer asks three questions.\n\n`,
      `### Linux\n\n`,
      `Run the script as root:\n\n\`\`\`sh\n# install for Linux\nsudo ./install.sh --prefix /opt/app\n\`\`\`\n\n`,
      `- Check the service status.\n- Open port 8443.\n- Read the logs in /var/log/app.\n\n`,
      `### macOS\n\nUse the package: it signs the binaries. Gatekeeper may ask for confirmation.\n\n`,
      `## Configure\n\n`,
      `Settings live in app.toml. Each key has a default that works for a single node; clusters need `,
      `explicit peers, a shared secret and matching versions. Restart after every change. `.repeat(3),
      `\n\nCafé naïve façade — 日本語の説明もあります。 Emoji are allowed in labels 🎉.\n\n`,
    ];
    for (const part of chapterParts) {
      parts.push(part);
      size += part.length;
    }
  }
  return parts.join("");
}
