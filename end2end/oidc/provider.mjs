// A small OpenID Connect provider for the end-to-end tests, built on the certified
// `oidc-provider` package. Plain http on 127.0.0.1, in-memory state, one confidential client.
//
//   OIDC_PORT=3200 OIDC_CLIENT_ID=readiness OIDC_CLIENT_SECRET=hemligt \
//   OIDC_REDIRECT_URI=http://127.0.0.1:3102/auth/oidc/callback \
//   OIDC_POST_LOGOUT_REDIRECT_URI='http://127.0.0.1:3102/logga-in?utloggad=1' \
//   node oidc/provider.mjs          # prints "ready http://127.0.0.1:3200" when listening
//
// Pages a test drives (no consent screen, consent is granted automatically):
//   sign-in:  getByLabel("E-post").fill(...), then getByRole("button", { name: "Logga in hos IdP" })
//   sign-out: getByRole("button", { name: "Logga ut hos IdP" }) (shown only while signed in here)

import { createHash, generateKeyPairSync, randomBytes } from "node:crypto";
import { createServer } from "node:http";
import Provider from "oidc-provider";

// oidc-provider prints its notices with console.info; stdout is reserved for the "ready" line.
console.info = console.error;

function env(name) {
  const value = process.env[name];
  if (!value) {
    console.error(`provider.mjs: ${name} must be set`);
    process.exit(2);
  }
  return value;
}

const port = Number(env("OIDC_PORT"));
const issuer = `http://127.0.0.1:${port}`;

// Any e-mail is an account; remember who signed in so findAccount can give the claims back.
const accounts = new Map(); // sub -> lowercased e-mail
const subFor = (email) => `sub-${createHash("sha256").update(email).digest("hex").slice(0, 16)}`;

// A fresh RS256 key per run, so the package's shared development keys are never used.
const jwk = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ format: "jwk" });

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: env("OIDC_CLIENT_ID"),
      client_secret: env("OIDC_CLIENT_SECRET"),
      redirect_uris: [env("OIDC_REDIRECT_URI")],
      post_logout_redirect_uris: [env("OIDC_POST_LOGOUT_REDIRECT_URI")],
      response_types: ["code"],
      grant_types: ["authorization_code"],
      token_endpoint_auth_method: "client_secret_basic",
    },
  ],
  jwks: { keys: [{ ...jwk, kid: "e2e-rs256", alg: "RS256", use: "sig" }] },
  responseTypes: ["code"], // only the code flow (also keeps implicit out of discovery)
  pkce: { required: () => true }, // S256 is the only method oidc-provider accepts
  scopes: ["openid"],
  claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
  conformIdTokenClaims: false, // put email/name in the ID token too, not only in userinfo
  features: {
    devInteractions: { enabled: false }, // our own form below instead
    rpInitiatedLogout: { enabled: true, logoutSource },
  },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  // The RP on another port of 127.0.0.1 shares the cookie jar (cookies ignore ports): avoid its names.
  cookies: {
    names: { session: "idp_session", interaction: "idp_interaction", resume: "idp_resume" },
    keys: [randomBytes(32).toString("hex")],
  },
  async findAccount(ctx, sub) {
    const email = accounts.get(sub);
    if (!email) return undefined;
    return {
      accountId: sub,
      async claims() {
        return { sub, email, email_verified: true, name: email.split("@")[0] };
      },
    };
  },
});

function page(res, title, body, status = 200) {
  res.statusCode = status;
  res.setHeader("Content-Type", "text/html; charset=utf-8");
  res.setHeader("Cache-Control", "no-store");
  res.end(`<!DOCTYPE html><html lang="sv"><head><meta charset="utf-8"><title>${title}</title></head>` +
    `<body><main><h1>${title}</h1>${body}</main></body></html>`);
}

// The end_session endpoint asks before signing out of the provider (only if signed in here).
async function logoutSource(ctx, form) {
  ctx.type = "html";
  ctx.body = `<!DOCTYPE html><html lang="sv"><head><meta charset="utf-8"><title>Logga ut</title></head>` +
    `<body><main><h1>Logga ut från test-IdP?</h1>${form}` +
    `<button type="submit" form="op.logoutForm" name="logout" value="yes">Logga ut hos IdP</button></main></body></html>`;
}

const loginForm = (uid, error = "") =>
  `${error ? `<p role="alert">${error}</p>` : ""}` +
  `<form method="post" action="/interaction/${uid}">` +
  `<label for="email">E-post</label> <input id="email" name="email" type="email" autocomplete="email" required autofocus> ` +
  `<button type="submit">Logga in hos IdP</button></form>`;

async function readForm(req) {
  let body = "";
  for await (const chunk of req) body += chunk;
  return new URLSearchParams(body);
}

// GET shows the sign-in form (or grants consent at once); POST signs the e-mail in.
async function interaction(req, res) {
  const { uid, prompt, params, session, grantId } = await provider.interactionDetails(req, res);

  if (prompt.name === "consent") {
    // No consent screen: grant exactly what oidc-provider says is missing, like its dev interactions do.
    const grant = grantId
      ? await provider.Grant.find(grantId)
      : new provider.Grant({ accountId: session.accountId, clientId: params.client_id });
    const missing = prompt.details;
    if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(" "));
    if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
    for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes ?? {})) {
      grant.addResourceScope(indicator, scopes.join(" "));
    }
    return provider.interactionFinished(req, res, { consent: { grantId: await grant.save() } }, {
      mergeWithLastSubmission: true,
    });
  }

  if (req.method !== "POST") return page(res, "Logga in hos test-IdP", loginForm(uid));

  const email = ((await readForm(req)).get("email") ?? "").trim().toLowerCase();
  if (!email.includes("@")) return page(res, "Logga in hos test-IdP", loginForm(uid, "Skriv en e-postadress."), 400);
  const sub = subFor(email);
  accounts.set(sub, email);
  return provider.interactionFinished(req, res, { login: { accountId: sub } }, { mergeWithLastSubmission: false });
}

const oidc = provider.callback();
const server = createServer((req, res) => {
  if (!/^\/interaction\/[^/?]+(\?|$)/.test(req.url)) return oidc(req, res);
  interaction(req, res).catch((err) => {
    // Typically an expired or foreign interaction cookie; say so instead of hanging.
    console.error(err);
    if (!res.headersSent) page(res, "Fel hos test-IdP", `<p>${String(err.message).replace(/</g, "&lt;")}</p>`, 400);
  });
});

server.listen(port, "127.0.0.1", () => console.log(`ready ${issuer}`));
for (const signal of ["SIGTERM", "SIGINT"]) process.on(signal, () => process.exit(0));
