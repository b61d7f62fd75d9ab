-- Who speaks in a passage of the Congressional Record (`Mr. PRICE of Georgia`), apart from its heading: the keyword
-- index weights headings above text, so a speaker's name made every passage of a speech a heading match for the word
-- it resembles (`prices`, `waters`, `king`). The name stays searchable in the speech's text; results show it from
-- here. NULL for other passages, and for chunks stored before this migration until their document is processed again.
ALTER TABLE chunks ADD COLUMN speaker TEXT;
