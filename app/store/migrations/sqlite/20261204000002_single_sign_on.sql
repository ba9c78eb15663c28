-- Single sign-on through the region's identity provider (OpenID Connect).

-- The provider's identity of a user: linked by e-mail on their first sign-in through the
-- provider, and required to match from then on (an address can be given to someone else later;
-- the issuer's subject cannot).
ALTER TABLE users ADD COLUMN oidc_issuer TEXT;
ALTER TABLE users ADD COLUMN oidc_subject TEXT;
CREATE UNIQUE INDEX users_oidc_identity ON users (oidc_issuer, oidc_subject);

-- People the provider signed in who have no account here: the admin page lists them, so the
-- working group can grant a role. Never a role by itself.
CREATE TABLE access_requests (
    id          INTEGER PRIMARY KEY,
    issuer      TEXT NOT NULL,
    subject     TEXT NOT NULL,
    email       TEXT NOT NULL,                   -- as the provider said, lower-case
    name        TEXT NOT NULL DEFAULT '',
    first_at    TEXT NOT NULL,
    last_at     TEXT NOT NULL,
    attempts    INTEGER NOT NULL DEFAULT 1,
    UNIQUE (issuer, subject)
);
