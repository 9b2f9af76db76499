import { describe, expect, it } from "vitest";
import {
  buildVocabulary,
  correctQuery,
  editDistance,
  foldWord,
  MAX_QUERY_LENGTH,
  normalizeQuery,
  searchInputFromParams,
  wordsInOrderPattern,
  wordsOf,
} from "~/domain/catalog/query";

describe("normalizeQuery", () => {
  it("lower-cases, trims and collapses spaces, keeping diacritics", () => {
    expect(normalizeQuery("  Rượu   MEN\tlá \n")).toBe("rượu men lá");
    expect(normalizeQuery("ĐỒNG")).toBe("đồng");
    expect(normalizeQuery("")).toBe("");
    expect(normalizeQuery("   ")).toBe("");
  });

  it("composes decomposed letters (NFC), so both spellings match alike", () => {
    const decomposed = "ru\u031Bo\u031B\u0323u"; // r, u + horn, o + horn + dot below, u
    expect(decomposed).not.toBe("rượu");
    expect(normalizeQuery(decomposed)).toBe("rượu");
  });

  it("turns LIKE wildcards, escapes and punctuation into separators", () => {
    expect(normalizeQuery("100%")).toBe("100");
    expect(normalizeQuery("mật_ong")).toBe("mật ong");
    expect(normalizeQuery("a\\%b")).toBe("a b");
    expect(normalizeQuery("%_%")).toBe("");
    expect(normalizeQuery("rượu-men-lá! (Bằng Phúc)")).toBe("rượu men lá bằng phúc");
    expect(normalizeQuery("' or 1=1 --")).toBe("or 1 1");
  });

  it("keeps at most 100 characters, counted as letters not bytes", () => {
    expect(normalizeQuery("ư".repeat(150))).toBe("ư".repeat(MAX_QUERY_LENGTH));
    expect(normalizeQuery(`${"a".repeat(99)} b`)).toBe("a".repeat(99));
  });
});

describe("wordsInOrderPattern", () => {
  it("joins the words with wildcards", () => {
    expect(wordsInOrderPattern("mật ong rừng")).toBe("%mật%ong%rừng%");
    expect(wordsInOrderPattern("ruou")).toBe("%ruou%");
    expect(wordsInOrderPattern("")).toBe("%");
  });
});

describe("folding and words", () => {
  it("folds Vietnamese to plain letters, đ to d", () => {
    expect(foldWord("Rượu")).toBe("ruou");
    expect(foldWord("Đồng")).toBe("dong");
    expect(foldWord("đặc")).toBe("dac");
  });

  it("splits a name into lower-case words", () => {
    expect(wordsOf("Rượu men lá (chai 500ml) – Bằng Phúc")).toEqual([
      "rượu",
      "men",
      "lá",
      "chai",
      "500ml",
      "bằng",
      "phúc",
    ]);
  });
});

describe("editDistance", () => {
  it("counts insertions, deletions, substitutions and swaps of neighbours", () => {
    expect(editDistance("ong", "ong")).toBe(0);
    expect(editDistance("ongg", "ong")).toBe(1);
    expect(editDistance("lq", "la")).toBe(1);
    expect(editDistance("mta", "mat")).toBe(1);
    expect(editDistance("ruou", "rou")).toBe(1);
    expect(editDistance("kitten", "sitting")).toBe(3);
    expect(editDistance("", "abc")).toBe(3);
  });

  it("stops early when the lengths alone exceed the limit", () => {
    expect(editDistance("a", "abcdef", 2)).toBe(3);
  });

  it("with a limit, gives the exact distance up to it and limit + 1 beyond, like the full table", () => {
    const words = [
      "ong",
      "ongg",
      "dong",
      "rong",
      "mat",
      "mta",
      "tuyet",
      "tuyt",
      "tueyt",
      "shan",
      "sahn",
      "robusta",
      "",
      "a",
    ];
    for (const a of words) {
      for (const b of words) {
        const full = editDistance(a, b);
        for (const max of [0, 1, 2]) {
          expect(editDistance(a, b, max), `${a}/${b}/${max}`).toBe(full <= max ? full : max + 1);
        }
      }
    }
    // Stopped part-way: no row of the table stays within the limit.
    expect(editDistance("abcdef", "uvwxyz", 2)).toBe(3);
  });
});

describe("correctQuery", () => {
  const vocabulary = buildVocabulary([
    { name: "Mật ong rừng Phù Yên", count: 12 },
    { name: "Mật ong hoa bạc hà", count: 3 },
    { name: "Rượu men lá Bằng Phúc", count: 5 },
    { name: "Lan hồ điệp", count: 1 },
    { name: "Cà phê Robusta rang xay", count: 4 },
    { name: "HTX Thanh Tâm", count: 1 },
  ]);

  it("remembers each word's most common spelling", () => {
    expect(vocabulary.get("mat")).toEqual({ count: 15, spelling: "mật" });
    expect(vocabulary.get("la")).toEqual({ count: 5, spelling: "lá" });
  });

  it("leaves a query whose words all exist alone", () => {
    expect(correctQuery("mat ong", vocabulary)).toBeNull();
    expect(correctQuery("rượu men lá", vocabulary)).toBeNull();
    expect(correctQuery("thanh tam", vocabulary)).toBeNull();
  });

  it("replaces a misspelt word with the nearest known one, written with its marks", () => {
    expect(correctQuery("mat ongg", vocabulary)).toBe("mat ong");
    expect(correctQuery("mật ogn rừng", vocabulary)).toBe("mật ong rừng");
    expect(correctQuery("ruou men lq", vocabulary)).toBe("ruou men lá");
    expect(correctQuery("robustaa", vocabulary)).toBe("robusta");
  });

  it("prefers the same first letter, then the more common word", () => {
    // "lo" is one edit from both "la" and "ho"; "la" shares the first letter.
    expect(correctQuery("lo", vocabulary)).toBe("lá");
    // "hq" is one edit from "ha" (3 products) and "ho" (1).
    expect(correctQuery("hq", vocabulary)).toBe("hà");
  });

  it("allows one edit in short words and two in longer ones", () => {
    expect(correctQuery("robuzt", vocabulary)).toBe("robusta");
    expect(correctQuery("ongxx", vocabulary)).toBe("ong");
    expect(correctQuery("onxx", vocabulary)).toBeNull();
  });

  it("drops a word with no near neighbour, unless it is the only word", () => {
    expect(correctQuery("cafe robusta rang xay", vocabulary)).toBe("robusta rang xay");
    expect(correctQuery("cafe", vocabulary)).toBeNull();
  });

  it("does not touch numbers or single letters", () => {
    expect(correctQuery("mat ong 500ml", vocabulary)).toBeNull();
    expect(correctQuery("mat ong x", vocabulary)).toBeNull();
  });
});

describe("searchInputFromParams", () => {
  const params = (query: string) => searchInputFromParams(new URLSearchParams(query));
  const province = "0b8f3c1e-2d4a-4e5b-9c6d-7e8f9a0b1c2d";

  it("reads every parameter", () => {
    expect(
      params(
        `q=r%C6%B0%E1%BB%A3u&province=${province}&group=beverages&stars=4&min=100.000&max=300000&stock=1&sort=price_asc&page=2`,
      ),
    ).toEqual({
      q: "rượu",
      province,
      group: "beverages",
      minStars: 4,
      priceMin: 100_000,
      priceMax: 300_000,
      inStock: true,
      sort: "price_asc",
      page: 2,
    });
  });

  it("defaults to relevance, page 1, no filters", () => {
    expect(params("")).toEqual({ sort: "relevance", page: 1 });
    expect(params("q=&province=&stars=&min=&stock=")).toEqual({ sort: "relevance", page: 1 });
  });

  it("drops malformed values instead of failing", () => {
    expect(
      params("province=not-a-uuid&group=spaceships&stars=7&min=abc&max=-5&stock=yes&sort=random&page=0"),
    ).toEqual({ sort: "relevance", page: 1 });
  });
});
