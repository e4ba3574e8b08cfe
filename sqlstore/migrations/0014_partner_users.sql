-- Console users of a partner (Multi-Tenant Console), unique by e-mail
-- within the partner.
CREATE TABLE partner_users (
    partner_id     TEXT NOT NULL REFERENCES partners (id) ON DELETE CASCADE,
    id             TEXT NOT NULL,
    email          TEXT NOT NULL,
    email_key      TEXT NOT NULL,
    first_name     TEXT NOT NULL,
    last_name      TEXT NOT NULL,
    roles          TEXT NOT NULL,
    created_at     BIGINT NOT NULL,
    modified_at    BIGINT NOT NULL,
    invite_sent_at BIGINT NOT NULL,
    invites_sent   INTEGER NOT NULL,
    PRIMARY KEY (partner_id, id)
);
CREATE UNIQUE INDEX partner_users_by_email ON partner_users (partner_id, email_key);
