-- The keyword index's vocabulary, one row per term and column (`term`, `col`, and the passages holding it there,
-- `doc`): a view FTS5 computes from the index, storing nothing. Search lists the words under a frequent prefix (`con*`)
-- from it and matches their OR, which FTS5 reads a match at a time, where a prefix has it merge every posting list
-- under it first (see src/core/search/prefixes.ts).
CREATE VIRTUAL TABLE chunks_fts_vocab USING fts5vocab(chunks_fts, 'col');
