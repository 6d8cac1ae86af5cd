#include "src/api/inbound_api.hpp"

#include <algorithm>
#include <chrono>
#include <nlohmann/json.hpp>
#include <utility>

#include "src/api/api_common.hpp"
#include "src/api/inbound_json.hpp"

namespace claimgate::api {
namespace {

using nlohmann::json;
using store::Role;

constexpr size_t kMaxName = 255;

bool ValidPayerId(const std::string& id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id) {
    bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

bool Printable(const std::string& text) {
  for (char c : text) {
    if (c < 0x20 || c == 0x7f) return false;
  }
  return true;
}

}  // namespace

InboundApi::InboundApi(store::Store& store, InboundApiOptions options)
    : store_(store), options_(std::move(options)), importer_(store, options_.metrics) {
  if (options_.payers.empty() && !options_.payers_dir.empty()) {
    auto loaded = core::LoadPayerDirectory(options_.payers_dir);
    if (loaded) options_.payers = std::move(*loaded);
  }
  if (!options_.payers.empty()) {
    watchdog_ = std::make_unique<pipeline::Watchdog>(store_, options_.payers, options_.metrics);
    if (options_.watchdog_interval_ms > 0) loop_ = std::thread([this] { WatchdogLoop(); });
  }
}

InboundApi::~InboundApi() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (loop_.joinable()) loop_.join();
}

void InboundApi::WatchdogLoop() {
  std::unique_lock lock(mu_);
  while (!stopping_) {
    lock.unlock();
    (void)watchdog_->Check(store::NowMs());  // a failed check keeps the previous list
    lock.lock();
    cv_.wait_for(lock, std::chrono::milliseconds(options_.watchdog_interval_ms),
                 [this] { return stopping_; });
  }
}

void InboundApi::Register(Router& router) {
  const std::vector<Role> platform = {Role::kPlatformOperator, Role::kPlatformAdmin};
  // A payer's file is applied to every tenant's claims in it: the platform's to import.
  router.Add(
      "POST", "/v1/inbound", [this](const Request& r) { return ImportFile(r); },
      {.body = BodyClass::kBulk, .blocking = true, .roles = platform, .content_types = kX12Body});
  // A file held back for its broken envelope is applied only by the platform, after review.
  router.Add("POST", "/v1/inbound/{id}/apply",
             [this](const Request& r) { return ApplyHeldFile(r); },
             {.blocking = true, .roles = platform});
  // A tenant reads a file only when it touched the tenant's records, and its raw bytes only when
  // it touched no one else's (see GetInboundFile); the platform reads every file.
  router.Add("GET", "/v1/inbound/{id}", [this](const Request& r) { return GetInboundFile(r); },
             {.blocking = true,
              .roles = {Role::kBiller, Role::kOperator, Role::kAdmin, Role::kPlatformOperator,
                        Role::kPlatformAdmin}});
  // Items no claim could be matched to belong to no tenant yet; alerts are about payers.
  router.Add("GET", "/v1/unmatched", [this](const Request& r) { return ListUnmatched(r); },
             {.blocking = true, .roles = platform});
  router.Add("GET", "/v1/alerts", [this](const Request& r) { return ListAlerts(r); },
             {.blocking = true, .roles = platform});
  // The tenant's own remittances.
  router.Add("GET", "/v1/remittances", [this](const Request& r) { return ListRemittances(r); },
             {.blocking = true,
              .roles = {Role::kSubmitter, Role::kBiller, Role::kOperator, Role::kAdmin}});
  router.Add("GET", "/v1/remittances/{id}", [this](const Request& r) { return GetRemittance(r); },
             {.blocking = true,
              .roles = {Role::kSubmitter, Role::kBiller, Role::kOperator, Role::kAdmin}});
}

Response InboundApi::ImportFile(const Request& request) {
  auto auth = Authenticate(store_, request);
  if (auto* r = std::get_if<Response>(&auth)) return std::move(*r);
  const store::ApiKey& key = std::get<store::ApiKey>(auth);
  auto payer = request.Query("payer");
  if (!payer || !ValidPayerId(*payer)) {
    return Response::Error(400, "bad_query",
                           "payer: required, the payer id the file came from ([A-Za-z0-9_-], "
                           "1 to 64 characters)");
  }
  std::string name = request.Query("name").value_or("upload");
  if (name.empty() || name.size() > kMaxName || !Printable(name)) {
    return Response::Error(400, "bad_query", "name: 1 to 255 printable characters");
  }
  if (request.body.empty()) {
    return Response::Error(400, "empty_body", "send the payer's file as the request body");
  }
  auto report = importer_.Import({*payer, name, ""}, request.body);
  if (!report) {
    Audit(store_, key, request, "inbound.import", "", "error");
    return StoreFailure(report.error(), "inbound file");
  }
  const std::string outcome = report->duplicate ? "duplicate" : report->state;
  Audit(store_, key, request, "inbound.import", report->inbound_file_id, outcome);
  // Each tenant whose records the file changed finds the change in its own audit log.
  if (!report->duplicate) {
    if (auto tenants = store_.TenantsOfInboundFile(report->inbound_file_id)) {
      for (const std::string& tenant : *tenants) {
        store::AuditEntry entry =
            AuditOf(key, request, "inbound.applied", report->inbound_file_id, outcome);
        entry.tenant_id = tenant;
        store_.AppendAudit(std::move(entry), [](edi::Result<void>) {});
      }
    }
  }
  Response r = Response::Json(report->duplicate ? 200 : 201, ImportReportJson(*report).dump());
  r.headers.Set("Location", "/v1/inbound/" + report->inbound_file_id);
  return r;
}

Response InboundApi::ApplyHeldFile(const Request& request) {
  auto auth = Authenticate(store_, request);
  if (auto* r = std::get_if<Response>(&auth)) return std::move(*r);
  const store::ApiKey& key = std::get<store::ApiKey>(auth);
  const std::string& id = request.path_params.at("id");
  auto report = importer_.ApplyReviewed(id);
  if (!report) {
    Audit(store_, key, request, "inbound.apply_reviewed", id, report.error().code);
    if (report.error().code == "conflict") {
      return Response::Error(409, "not_held", report.error().message);
    }
    return StoreFailure(report.error(), "inbound file");
  }
  Audit(store_, key, request, "inbound.apply_reviewed", id, report->state);
  if (auto tenants = store_.TenantsOfInboundFile(id)) {
    for (const std::string& tenant : *tenants) {
      store::AuditEntry entry = AuditOf(key, request, "inbound.applied", id, report->state);
      entry.tenant_id = tenant;
      store_.AppendAudit(std::move(entry), [](edi::Result<void>) {});
    }
  }
  return Response::Json(200, ImportReportJson(*report).dump());
}

Response InboundApi::GetInboundFile(const Request& request) {
  auto auth = Authenticate(store_, request);
  if (auto* r = std::get_if<Response>(&auth)) return std::move(*r);
  const store::ApiKey& key = std::get<store::ApiKey>(auth);
  const std::string& id = request.path_params.at("id");
  bool raw = request.Query("format").value_or("") == "x12";
  if (!store::IsPlatformRole(key.role)) {
    // A tenant sees a payer's file only when the file touched its records; the raw bytes only
    // when they touched no one else's and nothing in them was left unmatched (APPLIED): claims of
    // several practices share an interchange, and so do the payer's 999, 277CA and 835 files.
    auto tenants = store_.TenantsOfInboundFile(id);
    if (!tenants) return StoreFailure(tenants.error(), "inbound file");
    const bool mine = std::find(tenants->begin(), tenants->end(), key.tenant_id) != tenants->end();
    if (!mine) {
      Audit(store_, key, request, raw ? "inbound.read_raw" : "inbound.read", id, "not_found");
      return Response::Error(404, "not_found", "no such inbound file");
    }
    if (raw) {
      auto meta = store_.GetInboundFile(id, false);
      if (!meta) return StoreFailure(meta.error(), "inbound file");
      if (tenants->size() != 1 || meta->state != "APPLIED") {
        Audit(store_, key, request, "inbound.read_raw", id, "shared_file");
        return Response::Error(409, "raw_file_shared",
                               "the payer's file also holds other practices' or unmatched items; "
                               "read its records (claims, remittances) instead, or ask the "
                               "platform's operators");
      }
    }
  }
  auto file = store_.GetInboundFile(id, raw);
  if (!file) return StoreFailure(file.error(), "inbound file");
  if (raw) {
    Audit(store_, key, request, "inbound.read_raw", id, "ok");
    return Response::Text(200, std::move(file->bytes));
  }
  Audit(store_, key, request, "inbound.read", id, "ok");
  json body = InboundFileJson(*file);
  // The problems may name other practices' items (control numbers, counts): platform only.
  if (!store::IsPlatformRole(key.role)) body.erase("problems");
  return Response::Json(200, body.dump());
}

Response InboundApi::ListUnmatched(const Request& request) {
  auto auth = Authenticate(store_, request);
  if (auto* r = std::get_if<Response>(&auth)) return std::move(*r);
  const store::ApiKey& key = std::get<store::ApiKey>(auth);
  int limit = 100;
  if (auto v = request.Query("limit")) {
    auto n = ParseLimit(*v, 1000);
    if (!n) return Response::Error(400, "bad_query", "limit: a number from 1 to 1000");
    limit = *n;
  }
  auto records = store_.ListUnmatchedStatus(limit);
  if (!records) return StoreFailure(records.error(), "status record");
  json items = json::array();
  for (const store::StatusRecord& s : *records) items.push_back(StatusRecordJson(s));
  Audit(store_, key, request, "unmatched.list", "", "ok");  // details may carry payer text
  return Response::Json(200, json{{"unmatched", std::move(items)}}.dump());
}

Response InboundApi::ListAlerts(const Request& request) {
  auto auth = Authenticate(store_, request);
  if (auto* r = std::get_if<Response>(&auth)) return std::move(*r);
  if (!watchdog_) {
    return Response::Json(200, json{{"enabled", false}, {"alerts", json::array()}}.dump());
  }
  if (request.Query("refresh").value_or("") == "1") {
    auto checked = watchdog_->Check(store::NowMs());
    if (!checked) return StoreFailure(checked.error(), "alert");
  }
  json items = json::array();
  for (const pipeline::WatchdogAlert& a : watchdog_->Current()) items.push_back(AlertJson(a));
  json body = {{"enabled", true}, {"alerts", std::move(items)}};
  if (int64_t at = watchdog_->last_check_ms(); at > 0) body["checkedAt"] = IsoTime(at);
  return Response::Json(200, body.dump());
}

Response InboundApi::ListRemittances(const Request& request) {
  auto auth = Authenticate(store_, request);
  if (auto* r = std::get_if<Response>(&auth)) return std::move(*r);
  const store::ApiKey& key = std::get<store::ApiKey>(auth);
  store::RemittanceFilter filter;
  if (auto v = request.Query("payer")) filter.payer_id = *v;
  if (auto bad = ReadPageQuery(request, &filter.cursor, &filter.since_ms, &filter.limit)) {
    return std::move(*bad);
  }
  auto page = store_.ListRemittances(key.tenant_id, filter);
  if (!page) {
    if (IsBadCursor(page.error())) return Response::Error(400, "bad_query", "cursor: not valid");
    return StoreFailure(page.error(), "remittance");
  }
  json items = json::array();
  for (const store::Remittance& r : page->remittances) items.push_back(RemittanceSummaryJson(r));
  json body = {{"remittances", std::move(items)}};
  if (!page->next_cursor.empty()) body["nextCursor"] = page->next_cursor;
  Audit(store_, key, request, "remittance.list", "", "ok");
  return Response::Json(200, body.dump());
}

Response InboundApi::GetRemittance(const Request& request) {
  auto auth = Authenticate(store_, request);
  if (auto* r = std::get_if<Response>(&auth)) return std::move(*r);
  const store::ApiKey& key = std::get<store::ApiKey>(auth);
  const std::string& id = request.path_params.at("id");
  auto rem = store_.GetRemittance(key.tenant_id, id);
  if (!rem) {
    Audit(store_, key, request, "remittance.read", id, rem.error().code);
    return StoreFailure(rem.error(), "remittance");
  }
  if (request.Query("format").value_or("") == "x12") {
    auto file = store_.GetInboundFile(rem->inbound_file_id, /*with_bytes=*/true);
    if (!file) return StoreFailure(file.error(), "inbound file");
    if (!OnlyTheseClaims(file->bytes, *rem)) {
      Audit(store_, key, request, "remittance.read_raw", id, "shared_file");
      return Response::Error(409, "raw_file_shared",
                             "the 835 file also holds claims that are not in this remittance "
                             "(other practices or unmatched); read the JSON form, or ask an "
                             "operator");
    }
    Audit(store_, key, request, "remittance.read_raw", id, "ok");
    return Response::Text(200, std::move(file->bytes));
  }
  Audit(store_, key, request, "remittance.read", id, "ok");
  return Response::Json(200, RemittanceJson(*rem).dump());
}

}  // namespace claimgate::api
