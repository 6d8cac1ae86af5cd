// What every JSON API module shares: API-key authentication (Authorization: Bearer KEY, bound to
// one tenant and a role), the audit record of a PHI read or write, store failures as responses,
// and the JSON value formats (money as "12.34", times as ISO 8601 UTC). Stateless functions over
// the Store interface: thread-safe as the store is. Authenticate() blocks on the store.
#pragma once

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <optional>
#include <string>
#include <variant>

#include "edi/hipaa/encounter.hpp"
#include "edi/hipaa/encounter_edits.hpp"
#include "src/api/http_types.hpp"
#include "src/core/payer_config.hpp"
#include "src/store/store.hpp"

namespace claimgate::api {

// The caller's key, or the response to send: 401 with WWW-Authenticate when the key is missing,
// unknown or revoked; 400 for two Authorization headers; 403 naming the role when the matched
// route (request.allowed_roles, from its RouteOptions) does not allow it.
std::variant<store::ApiKey, Response> Authenticate(store::Store& store, const Request& request);

// Queues an audit entry (who: key id; from where: client ip; request id in the detail). It
// commits with the next write group; the caller does not wait for it.
void Audit(store::Store& store, const store::ApiKey& key, const Request& request,
           std::string action, std::string object_id, std::string outcome);
// The entry Audit() would queue, for writes that carry their audit entry (IntakeClaim::audit).
store::AuditEntry AuditOf(const store::ApiKey& key, const Request& request, std::string action,
                          std::string object_id = "", std::string outcome = "");

// 404 "not_found" naming `what` for a not_found error, 503 "store_unavailable" otherwise.
Response StoreFailure(const edi::Error& error, std::string_view what = "claim");

// The companion-guide rules of the payer a claim goes to, or nullptr when claimgate has no payer
// file for that id (claims to it could never be sent). An empty function accepts every payer id
// with no rules (no payer files, or tests). The rules must outlive every call.
using KnownPayerFn = std::function<const core::CompanionConfig*(std::string_view payer_id)>;

// Adds a finding at `path_prefix`tradingPartnerServiceId when `known` is set and refuses the
// encounter's payer (a claim for a payer claimgate has no connection to would wait forever), and
// one per companion-guide rule of a known payer the encounter breaks (core::CheckCompanionRules).
void CheckPayerKnown(const KnownPayerFn& known, const edi::hipaa::Encounter& encounter,
                     const std::string& path_prefix,
                     std::vector<edi::hipaa::EncounterFinding>* findings);

// Milliseconds since the epoch as "2026-11-27T10:00:00.123Z"; "" for 0 or less.
std::string IsoTime(int64_t ms);
// Cents as "-12.34" / "0.05".
std::string Money(int64_t cents);
// "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM:SSZ" as milliseconds since the epoch (UTC); nullopt when
// malformed.
std::optional<int64_t> ParseSince(const std::string& text);
// The paging query of a list route: cursor, since (YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ) and limit
// (1..500). Fills what is present; a malformed value gives the 400 response to send.
std::optional<Response> ReadPageQuery(const Request& request, std::string* cursor,
                                      int64_t* since_ms, int* limit);
// True for the store's "this cursor is not valid" errors (answered 400, not 503).
bool IsBadCursor(const edi::Error& error);

// A `limit` query value from 1 to `max`; nullopt when malformed or out of range.
std::optional<int> ParseLimit(const std::string& text, int max);

}  // namespace claimgate::api
