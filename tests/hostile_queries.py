"""Queries that must never make a search fail: FTS5 syntax, SQL, odd characters, huge input.

Shared by the store's, the command line's and the search box's tests.
"""

HOSTILE = [
    '"', '""', '"""', "OR", "AND NOT", "NOT", "-", "*", "(", ")", "()", "NEAR(", "NEAR(a b)",
    "a OR", "OR a", "a AND", "^", ":", "col:val", "title:Kagarlitsky", "{title}: x", "'", "\\",
    "%", "_", "a" * 10_000, "Кагарлицкий " * 2_000, "😀", "👩‍👩‍👧", "a\x00b", "\x00", "שלום עולם",
    "مرحبا", "\u202eKagarlitsky", "\u200b", "   ", "", "*Kagarl*", "-Kagarlitsky", "Kag*rl",
    '"unterminated phrase', 'a "b" c "', "ИК-7", "2024-03", "+", "~", "[", "]", "{", "}",
    ";", "--", "/*", "DROP TABLE letter;", "%' OR 1=1 --", "\ud800".encode(
        "utf-8", "surrogatepass").decode("utf-8", "replace"), "ё", "Ё", "ʹ", "ъ", "x " * 6_000,
    "Kagarlitsky " + "(" * 5_000,
]
