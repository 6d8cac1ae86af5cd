// Printers for the response commands (remit, status, ack): JSON objects and text / CSV lines for
// the records of edi/hipaa. Amounts are written as exact decimal strings ("150.00"). Pure
// functions writing to std::cout; not thread-safe (they share the stream).
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "edi/hipaa/ack_records.hpp"
#include "edi/hipaa/claim_status.hpp"
#include "edi/hipaa/remittance.hpp"

namespace claimgate::cli::response {

// JSON text for any string (invalid UTF-8 replaced, never thrown).
inline std::string Dump(const nlohmann::json& j) {
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

nlohmann::json FindingJson(const edi::hipaa::Finding& f);
// A whole transaction set, with its claims (when kept), provider adjustments and findings.
nlohmann::json RemittanceJson(const edi::hipaa::Remittance& r);
nlohmann::json StatusJson(const edi::hipaa::StatusRecord& r);
nlohmann::json AckJson(const edi::hipaa::AckRecord& a);
nlohmann::json Ta1Json(const edi::hipaa::InterchangeAck& t);

// "  error [code] segment 9 (SVC) element 3: message (value)".
void PrintFinding(const edi::hipaa::Finding& f, const char* indent);
// The CSV header row of `remit --csv`, then the rows of one claim.
void CsvHeader();
void PrintClaimCsv(const edi::hipaa::Remittance& r, const edi::hipaa::ClaimPayment& c);
void PrintClaimText(const edi::hipaa::ClaimPayment& c);
void PrintRemittanceHeader(const edi::hipaa::Remittance& r);
void PrintRemittanceFooter(const edi::hipaa::Remittance& r);
void PrintStatusText(const edi::hipaa::StatusRecord& r);
void PrintAckText(const edi::hipaa::AckRecord& a);
void PrintTa1Text(const edi::hipaa::InterchangeAck& t);

}  // namespace claimgate::cli::response
