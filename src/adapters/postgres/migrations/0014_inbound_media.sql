-- Messages besides texts and buttons (issue 21): a voice note, a photo, a document... is a file
-- kept at Meta, fetched by its media id; a reaction, an edit or a deletion refers to another
-- message; a voice note's transcript is kept while the message waits, so a turn tried again
-- does not transcribe it twice.
--
-- A handled row keeps its media's id, type and file name (no patient text): staff open the
-- file from the console through it for as long as Meta keeps it.

ALTER TABLE inbound_messages
    ADD COLUMN media_id       text,
    ADD COLUMN media_type     text,
    ADD COLUMN media_filename text,
    ADD COLUMN media_voice    boolean NOT NULL DEFAULT false,
    ADD COLUMN refers_to      text,
    ADD COLUMN transcript     text;
