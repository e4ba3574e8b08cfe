-- device_deletions.device_ids held the request's device ids joined by
-- commas, and a list that did not parse lost ids without a word. It now
-- holds them as a JSON array of strings, read back strictly. The rows
-- already there are rewritten in place: ids never hold a comma or a quote.
UPDATE device_deletions SET device_ids = CASE
    WHEN device_ids = '' THEN '[]'
    ELSE '["' || REPLACE(device_ids, ',', '","') || '"]'
END;
