-- Language-model calls a conversation made since its last completed booking: the cost of a booking.
ALTER TABLE chat_sessions ADD COLUMN model_calls integer NOT NULL DEFAULT 0 CHECK (model_calls >= 0);
