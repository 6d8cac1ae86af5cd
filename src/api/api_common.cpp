#include "src/api/api_common.hpp"

#include "src/api/router.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string_view>
#include <utility>

#include "src/core/companion_rules.hpp"
#include "src/store/crypto.hpp"

namespace claimgate::api {

std::variant<store::ApiKey, Response> Authenticate(store::Store& store, const Request& request) {
  const int64_t now = store::NowMs();
  AuthFailureLimiter* failures = request.auth_failures;
  if (failures != nullptr && failures->Blocked(request.client_ip, now)) {
    Response r = Response::Error(429, "too_many_failed_authentications",
                                 "too many requests with a wrong key from this address; wait");
    r.headers.Set("Retry-After", std::to_string(AuthFailureLimiter::kWindowMs / 1000));
    return r;
  }
  // A failed attempt is counted and written to the platform's audit log (the key's first
  // characters only, as `claimgate admin key list` shows them: never the key).
  auto unauthorized = [&](std::string_view why, std::string_view presented) {
    if (failures != nullptr) failures->Record(request.client_ip, now);
    store::AuditEntry entry;
    entry.tenant_id = std::string(store::kPlatformTenantId);
    entry.actor = "unauthenticated";
    entry.action = "auth.failed";
    entry.object_id = std::string(presented.substr(0, std::min<std::size_t>(presented.size(), 12)));
    entry.remote = request.client_ip;
    entry.outcome = std::string(why);
    entry.detail = "request_id=" + request.request_id;
    store.AppendAudit(std::move(entry), [](edi::Result<void>) {});
    Response r = Response::Error(401, "unauthorized", "send an API key: Authorization: Bearer KEY");
    r.headers.Set("WWW-Authenticate", "Bearer");
    return r;
  };
  if (request.headers.GetAll("Authorization").size() > 1) {
    return Response::Error(400, "bad_request", "send one Authorization header, not several");
  }
  std::optional<std::string_view> header = request.headers.Get("Authorization");
  if (!header || header->size() <= 7 || !EqualsIgnoreCase(header->substr(0, 7), "Bearer ")) {
    // No key at all is how every client starts: answered, not counted.
    Response r = Response::Error(401, "unauthorized", "send an API key: Authorization: Bearer KEY");
    r.headers.Set("WWW-Authenticate", "Bearer");
    return r;
  }
  std::string_view secret = header->substr(7);
  auto key = store.FindActiveApiKey(store::Sha256Hex(secret));
  if (!key) {
    if (key.error().code == "not_found") return unauthorized("unknown_key", secret);
    return StoreFailure(key.error());
  }
  if (request.allowed_roles != nullptr) {
    for (store::Role role : *request.allowed_roles) {
      if (key->role == role) return std::move(*key);
    }
  }
  return Response::Error(
      403, "forbidden",
      "the role " + std::string(store::RoleName(key->role)) + " may not use this route");
}

store::AuditEntry AuditOf(const store::ApiKey& key, const Request& request, std::string action,
                          std::string object_id, std::string outcome) {
  store::AuditEntry entry;
  entry.tenant_id = key.tenant_id;
  entry.actor = key.id;
  entry.action = std::move(action);
  entry.object_id = std::move(object_id);
  entry.remote = request.client_ip;
  entry.outcome = std::move(outcome);
  entry.detail = "request_id=" + request.request_id;
  return entry;
}

void Audit(store::Store& store, const store::ApiKey& key, const Request& request,
           std::string action, std::string object_id, std::string outcome) {
  store::AuditEntry entry =
      AuditOf(key, request, std::move(action), std::move(object_id), std::move(outcome));
  // Queued with the other writes: it commits in the same group, and a read does not wait for it.
  store.AppendAudit(std::move(entry), [](edi::Result<void>) {});
}

Response StoreFailure(const edi::Error& error, std::string_view what) {
  if (error.code == "not_found") {
    return Response::Error(404, "not_found", "no such " + std::string(what));
  }
  return Response::Error(503, "store_unavailable", "the store could not answer; retry");
}

std::string IsoTime(int64_t ms) {
  if (ms <= 0) return "";
  std::time_t t = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  char out[40];
  std::snprintf(out, sizeof out, "%s.%03dZ", buf, static_cast<int>(ms % 1000));
  return out;
}

std::optional<int64_t> ParseSince(const std::string& text) {
  std::tm tm{};
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  if (text.size() == 10 && std::sscanf(text.c_str(), "%4d-%2d-%2d", &y, &mo, &d) == 3) {
  } else if (text.size() == 20 && text[19] == 'Z' &&
             std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d", &y, &mo, &d, &h, &mi, &s) == 6) {
  } else {
    return std::nullopt;
  }
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return std::nullopt;
  tm.tm_year = y - 1900;
  tm.tm_mon = mo - 1;
  tm.tm_mday = d;
  tm.tm_hour = h;
  tm.tm_min = mi;
  tm.tm_sec = s;
  return static_cast<int64_t>(timegm(&tm)) * 1000;
}

std::string Money(int64_t cents) {
  std::string sign = cents < 0 ? "-" : "";
  int64_t v = cents < 0 ? -cents : cents;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%s%lld.%02lld", sign.c_str(), static_cast<long long>(v / 100),
                static_cast<long long>(v % 100));
  return buf;
}

void CheckPayerKnown(const KnownPayerFn& known, const edi::hipaa::Encounter& encounter,
                     const std::string& path_prefix,
                     std::vector<edi::hipaa::EncounterFinding>* findings) {
  if (!known || encounter.payer_id.empty()) return;
  if (const core::CompanionConfig* rules = known(encounter.payer_id)) {
    core::CheckCompanionRules(*rules, encounter, path_prefix, findings);
    return;
  }
  findings->push_back({path_prefix + "tradingPartnerServiceId", "unknown_payer",
                       "claimgate has no connection to this payer: use the payer id of one of "
                       "the gateway's payer files (GET /v1/payers lists them)",
                       encounter.payer_id});
}

std::optional<Response> ReadPageQuery(const Request& request, std::string* cursor,
                                      int64_t* since_ms, int* limit) {
  if (auto v = request.Query("cursor")) *cursor = *v;
  if (auto v = request.Query("since")) {
    auto ms = ParseSince(*v);
    if (!ms) {
      return Response::Error(400, "bad_query", "since: use YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ");
    }
    *since_ms = *ms;
  }
  if (auto v = request.Query("limit")) {
    auto n = ParseLimit(*v, 500);
    if (!n) return Response::Error(400, "bad_query", "limit: a number from 1 to 500");
    *limit = *n;
  }
  return std::nullopt;
}

bool IsBadCursor(const edi::Error& error) {
  return error.code == "bad_cursor" || error.code == "invalid";
}

std::optional<int> ParseLimit(const std::string& text, int max) {
  char* end = nullptr;
  long n = std::strtol(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0' || n < 1 || n > max) return std::nullopt;
  return static_cast<int>(n);
}

}  // namespace claimgate::api
