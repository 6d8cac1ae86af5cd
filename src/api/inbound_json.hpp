// JSON forms of the inbound routes' values (import reports, inbound files, status records,
// watchdog alerts, remittances with code descriptions), kept apart from the handlers so each is
// a pure function. Money as "12.34", times ISO 8601 UTC (api_common). Thread-safe.
#pragma once

#include <nlohmann/json.hpp>
#include <string_view>

#include "src/pipeline/inbound.hpp"
#include "src/pipeline/watchdog.hpp"
#include "src/store/store.hpp"

namespace claimgate::api {

nlohmann::json ImportReportJson(const pipeline::ImportReport& report);
// CAS adjustments with their group and CARC descriptions.
nlohmann::json AdjustmentsJson(const std::vector<store::Adjustment>& adjustments);
// Remark codes (LQ RARC, MIA/MOA) with their RARC descriptions.
nlohmann::json RemarksJson(const std::vector<store::RemarkCode>& remarks);
nlohmann::json InboundFileJson(const store::InboundFile& file);  // metadata, never the bytes
nlohmann::json StatusRecordJson(const store::StatusRecord& record);
nlohmann::json AlertJson(const pipeline::WatchdogAlert& alert);
nlohmann::json RemittanceSummaryJson(const store::Remittance& remittance);
// The whole remittance: claim payments with CLP02, CAS group and CARC descriptions, service
// lines, PLB provider adjustments.
nlohmann::json RemittanceJson(const store::Remittance& remittance);

// True when every CLP01 of every 835 in `x12` is one of the remittance's claim payments: the
// raw file then shows the caller nothing of another tenant.
bool OnlyTheseClaims(std::string_view x12, const store::Remittance& remittance);

}  // namespace claimgate::api
