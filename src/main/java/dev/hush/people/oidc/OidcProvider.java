package dev.hush.people.oidc;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWT;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.GeneralException;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.UserInfoRequest;
import com.nimbusds.openid.connect.sdk.UserInfoResponse;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.claims.UserInfo;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import dev.hush.core.Problem;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OpenID provider as Hush talks to it: its discovery document (read when first needed and
 * again every hour, so Hush starts while the provider is down), the authorization request, the
 * code exchange and the ID token's validation (signature against the provider's JWKS, issuer,
 * audience, expiry, nonce).
 */
final class OidcProvider {
  private static final Logger LOG = LoggerFactory.getLogger(OidcProvider.class);
  private static final int CONNECT_TIMEOUT_MS = 5_000;
  private static final int READ_TIMEOUT_MS = 10_000;
  private static final Duration METADATA_REFRESH = Duration.ofHours(1);
  /** Signatures Hush accepts on ID tokens: the asymmetric ones (a provider must support RS256). */
  private static final Set<JWSAlgorithm> ACCEPTED_ALGORITHMS = Set.copyOf(List.of(
      JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512, JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512,
      JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.ES512, JWSAlgorithm.EdDSA, JWSAlgorithm.Ed25519));

  /** The provider as discovered, with the validator that trusts its keys. */
  private record Discovered(OIDCProviderMetadata metadata, JWKSource<SecurityContext> keys, IDTokenValidator validator,
      ClientAuthentication clientAuth, long at) {}

  private final OidcSettings settings;
  private final Clock clock;
  private volatile Discovered discovered;

  OidcProvider(OidcSettings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
  }

  /** The provider's discovery document and signing keys answer now (read afresh, not from memory). */
  void check() {
    Discovered d = discover();
    List<JWK> keys;
    try {
      keys = d.keys().get(new JWKSelector(new JWKMatcher.Builder().build()), null);
    } catch (KeySourceException e) {
      throw new Problem(503, "sso_unavailable", null, "the signing keys of " + settings.issuer() + " cannot be read: " + e.getMessage());
    }
    if (keys.isEmpty()) {
      throw new Problem(502, "sso_misconfigured", null, settings.issuer() + " publishes no signing keys at " + d.metadata().getJWKSetURI());
    }
    discovered = d;
  }

  /** Where to send the browser: an authorization code request with state, nonce and an S256 PKCE challenge. */
  URI authorizationRequest(URI redirectUri, State state, Nonce nonce, CodeVerifier verifier) {
    return new AuthenticationRequest.Builder(ResponseType.CODE, Scope.parse(settings.scopes()), new ClientID(settings.clientId()), redirectUri)
        .endpointURI(current().metadata().getAuthorizationEndpointURI())
        .state(state)
        .nonce(nonce)
        .codeChallenge(verifier, CodeChallengeMethod.S256)
        .build()
        .toURI();
  }

  /**
   * Trades the code for tokens, validates the ID token against {@code nonce} and returns its
   * claims; claims it lacks (e-mail, groups) are filled in from the userinfo endpoint when the
   * provider has one.
   */
  Map<String, Object> signIn(String code, URI redirectUri, CodeVerifier verifier, Nonce nonce) {
    Discovered d = current();
    TokenRequest request = new TokenRequest.Builder(d.metadata().getTokenEndpointURI(), d.clientAuth(),
        new AuthorizationCodeGrant(new AuthorizationCode(code), redirectUri, verifier)).build();
    TokenResponse response;
    try {
      response = OIDCTokenResponseParser.parse(send(request.toHTTPRequest()));
    } catch (ParseException e) {
      throw refused("code", "the provider's token response could not be read: " + e.getMessage());
    }
    if (!response.indicatesSuccess()) {
      ErrorObject error = response.toErrorResponse().getErrorObject();
      throw refused("code", "the provider refused the sign-in code: " + describe(error));
    }
    OIDCTokens tokens = ((OIDCTokenResponse) response.toSuccessResponse()).getOIDCTokens();
    JWT idToken = tokens.getIDToken();
    if (idToken == null) {
      throw refused("id_token", "the provider sent no ID token");
    }
    IDTokenClaimsSet idClaims;
    try {
      idClaims = d.validator().validate(idToken, nonce);
    } catch (BadJOSEException | JOSEException e) {
      throw refused("id_token", "the provider's ID token is not valid: " + e.getMessage());
    }
    Map<String, Object> claims = new HashMap<>(idClaims.toJSONObject());
    boolean lacking = !claims.containsKey("email") || !claims.containsKey("email_verified")
        || (!settings.groupRoles().isEmpty() && OidcSignIn.claim(claims, settings.groupsClaim()) == null);
    if (lacking && d.metadata().getUserInfoEndpointURI() != null && tokens.getBearerAccessToken() != null) {
      userInfo(d, tokens.getBearerAccessToken(), idClaims.getSubject().getValue()).forEach(claims::putIfAbsent);
    }
    return claims;
  }

  private Map<String, Object> userInfo(Discovered d, BearerAccessToken accessToken, String subject) {
    try {
      UserInfoResponse response = UserInfoResponse.parse(send(new UserInfoRequest(d.metadata().getUserInfoEndpointURI(), accessToken)
          .toHTTPRequest()));
      if (!response.indicatesSuccess()) {
        LOG.warn("the provider's userinfo endpoint refused: {}", describe(response.toErrorResponse().getErrorObject()));
        return Map.of();
      }
      UserInfo info = response.toSuccessResponse().getUserInfo();
      if (info == null) {
        // A signed or encrypted userinfo answer: Hush reads only the ID token then.
        return Map.of();
      }
      if (!subject.equals(info.getSubject().getValue())) {
        throw refused("id_token", "the provider's userinfo is about another subject than the ID token");
      }
      return info.toJSONObject();
    } catch (ParseException e) {
      LOG.warn("the provider's userinfo answer could not be read: {}", e.getMessage());
      return Map.of();
    }
  }

  private com.nimbusds.oauth2.sdk.http.HTTPResponse send(HTTPRequest request) {
    request.setConnectTimeout(CONNECT_TIMEOUT_MS);
    request.setReadTimeout(READ_TIMEOUT_MS);
    try {
      return request.send();
    } catch (IOException e) {
      throw unreachable(e);
    }
  }

  private Discovered current() {
    Discovered d = discovered;
    long now = clock.millis();
    if (d != null && now - d.at() < METADATA_REFRESH.toMillis()) {
      return d;
    }
    synchronized (this) {
      d = discovered;
      if (d != null && clock.millis() - d.at() < METADATA_REFRESH.toMillis()) {
        return d;
      }
      try {
        discovered = discover();
      } catch (Problem p) {
        if (d == null) {
          throw p;
        }
        // Keep what worked an hour ago; try again at the next sign-in.
        LOG.warn("could not refresh the OpenID provider's discovery document: {}", p.detail());
        return d;
      }
      return discovered;
    }
  }

  private Discovered discover() {
    OIDCProviderMetadata metadata;
    try {
      metadata = OIDCProviderMetadata.resolve(new Issuer(settings.issuer()), CONNECT_TIMEOUT_MS, READ_TIMEOUT_MS);
    } catch (IOException e) {
      throw unreachable(e);
    } catch (GeneralException e) {
      throw new Problem(502, "sso_misconfigured", null, "the discovery document of " + settings.issuer() + " is not usable: " + e.getMessage());
    }
    Set<JWSAlgorithm> algorithms = new LinkedHashSet<>(metadata.getIDTokenJWSAlgs() == null ? List.of(JWSAlgorithm.RS256) : metadata.getIDTokenJWSAlgs());
    algorithms.retainAll(ACCEPTED_ALGORITHMS);
    if (algorithms.isEmpty() || metadata.getJWKSetURI() == null) {
      throw new Problem(502, "sso_misconfigured", null, settings.issuer() + " signs ID tokens with none of the algorithms Hush accepts ("
          + metadata.getIDTokenJWSAlgs() + "), or publishes no jwks_uri");
    }
    JWKSource<SecurityContext> keys;
    try {
      // Cached, refreshed when a token names a key it has not seen (key rotation), rate-limited, retried once.
      keys = JWKSourceBuilder.<SecurityContext>create(metadata.getJWKSetURI().toURL(),
          new DefaultResourceRetriever(CONNECT_TIMEOUT_MS, READ_TIMEOUT_MS, JWKSourceBuilder.DEFAULT_HTTP_SIZE_LIMIT)).retrying(true).build();
    } catch (MalformedURLException | IllegalArgumentException e) {
      throw new Problem(502, "sso_misconfigured", null, "the jwks_uri of " + settings.issuer() + " is not a URL: " + e.getMessage());
    }
    IDTokenValidator validator = new IDTokenValidator(metadata.getIssuer(), new ClientID(settings.clientId()),
        new JWSVerificationKeySelector<>(algorithms, keys), null);
    return new Discovered(metadata, keys, validator, clientAuthentication(metadata), clock.millis());
  }

  /** client_secret_basic, the default, unless the provider supports only client_secret_post. */
  private ClientAuthentication clientAuthentication(OIDCProviderMetadata metadata) {
    List<ClientAuthenticationMethod> methods = metadata.getTokenEndpointAuthMethods();
    ClientID id = new ClientID(settings.clientId());
    Secret secret = new Secret(settings.clientSecret());
    if (methods != null && !methods.contains(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
        && methods.contains(ClientAuthenticationMethod.CLIENT_SECRET_POST)) {
      return new ClientSecretPost(id, secret);
    }
    return new ClientSecretBasic(id, secret);
  }

  private Problem unreachable(IOException e) {
    return new Problem(503, "sso_unavailable", null, "the sign-in provider " + settings.providerName() + " (" + settings.issuer()
        + ") cannot be reached: " + e.getMessage());
  }

  private static Problem refused(String field, String detail) {
    return new Problem(401, "sso_refused", field, detail);
  }

  private static String describe(ErrorObject error) {
    return error.getCode() + (error.getDescription() == null ? "" : " (" + error.getDescription() + ")");
  }
}
