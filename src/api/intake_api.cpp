#include "src/api/intake_api.hpp"

#include <algorithm>
#include <cstdint>
#include <future>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "edi/hipaa/encounter_edits.hpp"
#include "src/api/api_common.hpp"
#include "src/api/claim_intake.hpp"
#include "src/api/x12_intake.hpp"
#include "src/core/encounter_json.hpp"
#include "src/core/json_syntax.hpp"
#include "src/store/crypto.hpp"

namespace claimgate::api {
namespace {

using edi::hipaa::EncounterFinding;
using nlohmann::json;

// 400 naming where `text` (which starts at byte `base` of the body) stops being JSON: the byte
// offset in the body (0-based) and its line and column (1-based).
Response MalformedJson(std::string_view body, std::string_view text, std::size_t base) {
  // The parser counts the characters it read, the offending one included.
  std::size_t position = core::JsonSyntaxErrorPosition(text);
  std::size_t offset = base + (position > 0 ? position - 1 : 0);
  offset = std::min(offset, body.size());
  std::size_t line =
      1 + static_cast<std::size_t>(std::count(body.begin(), body.begin() + offset, '\n'));
  std::size_t line_start = body.rfind('\n', offset == 0 ? 0 : offset - 1);
  std::size_t column = offset == 0 || line_start == std::string_view::npos || line_start >= offset
                           ? offset + 1
                           : offset - line_start;
  json error = {{"code", "malformed_json"},
                {"message", "the body is not valid JSON at line " + std::to_string(line) +
                                ", column " + std::to_string(column) + " (byte " +
                                std::to_string(offset) + "); nothing was stored"},
                {"line", line},
                {"column", column},
                {"byte", offset}};
  return Response::Json(400, json{{"error", std::move(error)}}.dump());
}

json FindingsJson(const std::vector<EncounterFinding>& findings) {
  json list = json::array();
  for (const EncounterFinding& f : findings) {
    json item = {{"path", f.path}, {"code", f.code}, {"message", f.message}};
    if (!f.value.empty()) item["value"] = f.value;  // shown to the sender only, never logged
    list.push_back(std::move(item));
  }
  return list;
}

json EditsFailed(const std::vector<EncounterFinding>& findings) {
  return {{"code", "edits_failed"},
          {"message", std::to_string(findings.size()) +
                          " finding(s); this claim was not stored. Fix them and send it again."}};
}

// One encounter of a batch on its way through edits and intake.
struct Item {
  edi::hipaa::Encounter encounter;
  std::vector<EncounterFinding> findings;
  std::string prefix;  // of its findings' paths: "[3]." or "line 4: "
  std::optional<std::future<IntakeOutcome>> stored;
};

// The batch's JSON array, or the response that refuses it.
std::optional<Response> ReadArray(std::string_view body, std::size_t max_items,
                                  std::vector<Item>* items) {
  core::EncounterParse parse = core::ParseEncounterJson(body, max_items);
  for (const EncounterFinding& f : parse.findings) {
    if (parse.array && f.path.empty() && f.code == "too_many_items") {
      return Response::Error(413, "too_many_items",
                             "a batch holds at most " + std::to_string(max_items) +
                                 " encounters; this one has " + std::to_string(parse.array_items));
    }
  }
  if (!parse.array) {
    for (const EncounterFinding& f : parse.findings) {
      if (f.code == "json_syntax") return MalformedJson(body, body, 0);
      if (f.code == "too_deep" || f.code == "too_large") {
        return Response::Error(400, "malformed_json", f.message);
      }
    }
    return Response::Error(400, "array_expected",
                           "send a JSON array of encounters, or NDJSON (one encounter per line) "
                           "with Content-Type: application/x-ndjson");
  }
  if (parse.encounters.empty()) {
    return Response::Error(400, "empty_batch", "the batch holds no encounters");
  }
  if (parse.encounters.size() > max_items) {
    return Response::Error(413, "too_many_items",
                           "a batch holds at most " + std::to_string(max_items) +
                               " encounters; this one has " +
                               std::to_string(parse.encounters.size()));
  }
  items->resize(parse.encounters.size());
  for (std::size_t i = 0; i < items->size(); ++i) {
    (*items)[i].encounter = std::move(parse.encounters[i]);
    (*items)[i].prefix = core::EncounterPathPrefix(parse, i);
  }
  // The reader's findings carry their item's prefix "[i]" or "[i].": hand each to its item.
  for (EncounterFinding& f : parse.findings) {
    std::size_t i = 0;
    if (f.path.size() > 1 && f.path[0] == '[') i = std::strtoull(f.path.c_str() + 1, nullptr, 10);
    (*items)[std::min(i, items->size() - 1)].findings.push_back(std::move(f));
  }
  return std::nullopt;
}

// NDJSON: one encounter per line, blank lines ignored; a line that is not JSON refuses the batch.
std::optional<Response> ReadNdjson(std::string_view body, std::size_t max_items,
                                   std::vector<Item>* items) {
  struct Line {
    std::size_t number, start;
    std::string_view text;
  };
  std::vector<Line> lines;
  std::size_t number = 0;
  for (std::size_t start = 0; start <= body.size();) {
    std::size_t end = body.find('\n', start);
    if (end == std::string_view::npos) end = body.size();
    ++number;
    std::string_view text = body.substr(start, end - start);
    if (text.find_first_not_of(" \t\r") != std::string_view::npos) {
      lines.push_back({number, start, text});
      if (lines.size() > max_items) {
        return Response::Error(413, "too_many_items",
                               "a batch holds at most " + std::to_string(max_items) +
                                   " encounters; this one has more");
      }
    }
    start = end + 1;
  }
  if (lines.empty()) return Response::Error(400, "empty_batch", "the batch holds no encounters");
  items->resize(lines.size());
  for (std::size_t i = 0; i < lines.size(); ++i) {
    Item& item = (*items)[i];
    item.prefix = "line " + std::to_string(lines[i].number) + ": ";
    core::EncounterParse parse = core::ParseEncounterJson(lines[i].text);
    for (EncounterFinding& f : parse.findings) {
      if (f.code == "json_syntax") return MalformedJson(body, lines[i].text, lines[i].start);
      f.path = item.prefix + f.path;
      item.findings.push_back(std::move(f));
    }
    if (parse.array) {
      item.findings.push_back({item.prefix, "json_type",
                               "one encounter object per line; this line holds an array", ""});
    } else if (!parse.encounters.empty()) {
      item.encounter = std::move(parse.encounters[0]);
    }
  }
  return std::nullopt;
}

bool IsNdjson(const Request& request) {
  std::optional<std::string_view> type = request.headers.Get("Content-Type");
  if (!type) return false;
  std::string_view media = type->substr(0, type->find(';'));
  while (!media.empty() && media.back() == ' ') media.remove_suffix(1);
  return EqualsIgnoreCase(media, "application/x-ndjson");
}

IntakeClaim MakeClaim(const store::ApiKey& key, const Request& request,
                      const edi::hipaa::Encounter& encounter, const std::string& idempotency_key,
                      std::size_t index, const IntakeApiOptions& options,
                      const std::string& today) {
  IntakeClaim claim;
  // One audit entry per claim written (its id is the object), as for POST /v1/claims; it is
  // stored in the claim's own transaction.
  claim.audit = AuditOf(key, request, "claim.create");
  claim.tenant_id = key.tenant_id;
  claim.encounter = encounter;
  claim.encounter_json = core::WriteEncounterJson(encounter, -1);
  if (!idempotency_key.empty()) {
    claim.idempotency_key = idempotency_key + "#" + std::to_string(index);
    claim.request_hash = store::Sha256Hex(claim.encounter_json);
  }
  claim.date = today;
  claim.time = options.time_of_day();
  return claim;
}

// Waits for a stored item and writes its result into `out` (index/status are set by the caller).
// Returns true when the claim is stored (created now or before, under the same key).
bool Collect(std::future<IntakeOutcome>& stored, json* out) {
  IntakeOutcome outcome = stored.get();
  (*out)["status"] = outcome.status;
  json body = json::parse(outcome.body, nullptr, /*allow_exceptions=*/false);
  if (body.is_object()) out->update(body);
  return outcome.kind == IntakeOutcome::Kind::kCreated ||
         outcome.kind == IntakeOutcome::Kind::kReplayed;
}

const char* BatchOutcome(std::size_t accepted, std::size_t rejected) {
  return rejected == 0 ? "ok" : accepted == 0 ? "rejected" : "partial";
}

}  // namespace

IntakeApi::IntakeApi(store::Store& store, IntakeApiOptions options)
    : store_(store), options_(std::move(options)) {
  if (!options_.today) options_.today = UtcDate;
  if (!options_.time_of_day) options_.time_of_day = UtcTime;
  if (options_.max_batch_items == 0) options_.max_batch_items = 1;
}

void IntakeApi::Register(Router& router) {
  using store::Role;
  // Claims for the key's own tenant.
  router.Add("POST", "/v1/claims/batch", [this](const Request& r) { return CreateBatch(r); },
             {.body = BodyClass::kBulk,
              .blocking = true,
              .roles = {Role::kSubmitter, Role::kAdmin},
              .content_types = {"application/json", "application/x-ndjson"}});
  router.Add("POST", "/v1/x12", [this](const Request& r) { return SubmitX12(r); },
             {.body = BodyClass::kBulk,
              .blocking = true,
              .roles = {Role::kSubmitter, Role::kAdmin},
              .content_types = kX12Body});
}

Response IntakeApi::CreateBatch(const Request& request) {
  using store::Role;
  auto auth = Authenticate(store_, request);
  if (auto* r = std::get_if<Response>(&auth)) return std::move(*r);
  const store::ApiKey& key = std::get<store::ApiKey>(auth);
  std::string idempotency_key;
  if (auto bad = ReadIdempotencyKey(request, &idempotency_key)) return std::move(*bad);

  std::vector<Item> items;
  std::optional<Response> refused = IsNdjson(request)
                                        ? ReadNdjson(request.body, options_.max_batch_items, &items)
                                        : ReadArray(request.body, options_.max_batch_items, &items);
  if (refused) {
    Audit(store_, key, request, "claim.batch", "", "invalid");
    return std::move(*refused);
  }
  const std::string today = options_.today();
  // Edits first, then every insert started before the first is waited for.
  for (std::size_t i = 0; i < items.size(); ++i) {
    Item& item = items[i];
    if (!item.findings.empty()) continue;
    edi::hipaa::CheckEncounter(item.encounter, {.today = today, .path_prefix = item.prefix},
                               &item.findings);
    CheckPayerKnown(options_.known_payer, item.encounter, item.prefix, &item.findings);
    if (!item.findings.empty()) continue;
    item.stored = StartIntake(
        store_, MakeClaim(key, request, item.encounter, idempotency_key, i, options_, today));
  }
  std::size_t accepted = 0;
  json results = json::array();
  for (std::size_t i = 0; i < items.size(); ++i) {
    json out = {{"index", i}};
    if (items[i].stored) {
      if (Collect(*items[i].stored, &out)) ++accepted;
    } else {
      out["status"] = 422;
      out["error"] = EditsFailed(items[i].findings);
      out["findings"] = FindingsJson(items[i].findings);
    }
    results.push_back(std::move(out));
  }
  std::size_t rejected = items.size() - accepted;
  Audit(store_, key, request, "claim.batch", "", BatchOutcome(accepted, rejected));
  json body = {{"accepted", accepted}, {"rejected", rejected}, {"items", std::move(results)}};
  return Response::Json(200, body.dump());
}

Response IntakeApi::SubmitX12(const Request& request) {
  using store::Role;
  auto auth = Authenticate(store_, request);
  if (auto* r = std::get_if<Response>(&auth)) return std::move(*r);
  const store::ApiKey& key = std::get<store::ApiKey>(auth);
  std::string idempotency_key;
  if (auto bad = ReadIdempotencyKey(request, &idempotency_key)) return std::move(*bad);

  X12Read read = ReadX12(request.body);
  if (read.no_interchange) {
    Audit(store_, key, request, "x12.submit", "", "invalid");
    json findings = json::array();
    for (const edi::Diagnostic& d : read.findings.items()) {
      findings.push_back({{"code", edi::DiagCodeName(d.code)},
                          {"message", d.message},
                          {"byte", d.pos.byte_offset}});
    }
    json error = {{"code", "not_x12"},
                  {"message", "the body is not an X12 interchange (no readable ISA segment)"}};
    return Response::Json(400, json{{"error", std::move(error)}, {"findings", findings}}.dump());
  }
  // The acknowledgments' control numbers are reserved alongside the claim inserts: one commit.
  auto numbers = std::make_shared<std::promise<store::Result<int64_t>>>();
  std::future<store::Result<int64_t>> first_number = numbers->get_future();
  store_.AllocateControlNumbers("ACK:" + key.tenant_id,
                                static_cast<int64_t>(read.interchanges.size()),
                                [numbers](store::Result<int64_t> r) { numbers->set_value(r); });

  const std::string today = options_.today();
  std::vector<std::vector<EncounterFinding>> findings(read.claims.size());
  std::vector<std::optional<std::future<IntakeOutcome>>> stored(read.claims.size());
  for (std::size_t i = 0; i < read.claims.size(); ++i) {
    const edi::hipaa::Encounter& encounter = read.claims[i].encounter;
    edi::hipaa::CheckEncounter(encounter, {.today = today, .path_prefix = ""}, &findings[i]);
    CheckPayerKnown(options_.known_payer, encounter, "", &findings[i]);
    if (!findings[i].empty()) continue;
    stored[i] = StartIntake(
        store_, MakeClaim(key, request, encounter, idempotency_key, i, options_, today));
  }
  std::size_t accepted = 0, unavailable = 0;
  json claims = json::array();
  for (std::size_t i = 0; i < read.claims.size(); ++i) {
    const X12Claim& claim = read.claims[i];
    json out = {{"index", i},
                {"transactionSet", read.sets[claim.set].st02},
                {"clm01", claim.encounter.claim.patient_control_number}};
    if (stored[i]) {
      if (Collect(*stored[i], &out)) {
        ++accepted;
      } else if (out["status"] == 503) {
        ++unavailable;
      }
    } else {
      out["status"] = 422;
      out["error"] = EditsFailed(findings[i]);
      out["findings"] = FindingsJson(findings[i]);
    }
    claims.push_back(std::move(out));
  }
  json rejected_sets = json::array();
  std::size_t accepted_sets = 0;
  for (const X12Set& set : read.sets) {
    if (set.code != 'R') {
      ++accepted_sets;
      continue;
    }
    json errors = json::array();
    for (const edi::Diagnostic& d : set.errors) {
      json e = {{"segment", d.pos.segment_in_set},
                {"inputSegment", d.pos.segment},
                {"byte", d.pos.byte_offset},
                {"code", edi::DiagCodeName(d.code)},
                {"message", d.message}};
      if (!d.segment_id.empty()) e["segmentId"] = d.segment_id;
      if (d.pos.element != 0) e["element"] = d.pos.element;
      if (d.pos.component != 0) e["component"] = d.pos.component;
      if (!d.loop.empty()) e["loop"] = d.loop;
      errors.push_back(std::move(e));
    }
    rejected_sets.push_back({{"st02", set.st02},
                             {"implementation", set.implementation},
                             {"code", std::string(1, set.code)},
                             {"reasons", set.reasons},
                             {"errors", std::move(errors)}});
  }
  auto number = first_number.get();
  if (!number) {
    Audit(store_, key, request, "x12.submit", "", "error");
    return Response::Error(503, "store_unavailable",
                           "could not number the acknowledgment; send the file again (with an "
                           "Idempotency-Key its claims are not stored twice)");
  }
  edi::AckOptions ack_options;
  ack_options.interchange_control_number = static_cast<std::uint64_t>(*number);
  ack_options.group_control_number = static_cast<std::uint64_t>(*number);
  ack_options.date = UtcDate();
  ack_options.time = options_.time_of_day();
  auto acks = BuildX12Acks(read, ack_options);
  if (!acks) return Response::Error(500, "internal", "could not build the acknowledgment");

  std::size_t rejected = read.claims.size() - accepted;
  json body = {{"accepted", accepted},
               {"rejected", rejected},
               {"ack999", acks->ack999},
               {"claims", std::move(claims)},
               {"rejectedSets", std::move(rejected_sets)}};
  if (!acks->ta1.empty()) body["ta1"] = acks->ta1;
  if (!read.not_carried.empty()) body["notCarried"] = read.not_carried;
  // 200: claims were stored, or the acknowledgment rejected everything (it is the answer). When
  // the X12 was accepted but no claim could be stored: 422 (edits) or 503 (store).
  int status = 200;
  if (accepted == 0 && accepted_sets > 0) status = unavailable > 0 ? 503 : 422;
  Audit(store_, key, request, "x12.submit", "", BatchOutcome(accepted, rejected));
  return Response::Json(status, body.dump());
}

}  // namespace claimgate::api
