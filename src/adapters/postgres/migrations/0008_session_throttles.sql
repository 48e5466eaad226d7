-- A patient's recent model calls and replies, so their limits hold across processes and restarts:
-- {"model_calls": [instants], "replies": [instants]}, only those still inside their windows.
ALTER TABLE chat_sessions ADD COLUMN throttles jsonb NOT NULL DEFAULT '{}';
