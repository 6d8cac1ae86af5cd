// Value types for what travels between claimgate and payers: interchanges, inbound files,
// remittances (835) and status records (277CA/277/999/TA1). Fields marked PHI are stored
// encrypted by every engine. Times are Unix ms UTC, amounts integer cents. Plain values.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "src/store/store_types.hpp"

namespace claimgate::store {

// ---- outbound interchanges ----

struct NewInterchange {
  std::string id;  // empty: NewId("icn")
  std::string payer_id, sender_id, receiver_id;
  int64_t isa13 = 0;  // from AllocateControlNumbers
  int64_t gs06 = 0;
  std::string file_name;
  std::string bytes;  // PHI: the whole interchange, sent as-is on every attempt
  std::vector<std::string> claim_ids;
  // Applied to every claim in claim_ids in the same transaction (event type "batched"); a refusal
  // fails the whole interchange insert. May be empty (claims then only get interchange_id).
  DecideFn batch_transition;
};

struct Interchange {
  std::string id, payer_id, sender_id, receiver_id, file_name, state, last_error, sha256_hex;
  int64_t isa13 = 0, gs06 = 0;
  int attempts = 0;
  int64_t created_ms = 0, updated_ms = 0;
  int64_t size_bytes = 0;
  std::vector<std::string> claim_ids;
  std::string bytes;  // PHI; filled only when asked for
};

struct InterchangeUpdate {
  std::string state;  // "BUILT", "SENDING", "SENT", "UNKNOWN", "FAILED", "DEAD_LETTER" ...
  bool count_attempt = false;
  bool reset_attempts = false;  // attempts back to 0 (operator retry of a dead letter)
  std::string last_error;       // REQUIRES no PHI
};

// ---- inbound files ----

struct NewInboundFile {
  std::string tenant_id;  // may be empty (payer files can span tenants)
  std::string payer_id;
  std::string kind;  // "835", "277CA", "277", "999", "TA1", "unknown"
  std::string source_name;
  std::string bytes;  // PHI: raw file
};

struct InboundFileInsert {
  std::string id;
  bool duplicate = false;  // the same SHA-256 was already stored; id is the earlier file's
  std::string state;
};

struct InboundFile {
  std::string id, tenant_id, payer_id, kind, source_name, sha256_hex, state, last_error;
  int64_t size_bytes = 0, received_ms = 0, updated_ms = 0;
  std::string bytes;  // PHI; filled only when asked for
};

// ---- remittances (835) ----

struct Adjustment {
  std::string group_code;   // CAS01: CO, PR, OA, PI, CR
  std::string reason_code;  // CAS02...
  int64_t amount_cents = 0;
  std::string quantity;  // as sent, may be empty
};

// A remark code as the 835 gave it: qualifier "HE" (RARC) or "RX" (NCPDP) from LQ, or "MIA" /
// "MOA" for the claim's remarks; the code, e.g. "N130". Codes only, never PHI.
struct RemarkCode {
  std::string qualifier, code;
};

struct ServicePayment {
  std::string procedure;  // SVC01 composite as sent, e.g. "HC:99213:25"
  int64_t charge_cents = 0, paid_cents = 0;
  std::string units;
  std::string line_control_number;  // REF*6R
  std::string service_date;         // PHI (DTM*472)
  std::vector<Adjustment> adjustments;
  std::vector<RemarkCode> remarks;  // LQ
};

struct ClaimPayment {
  std::string patient_control_number;  // CLP01
  std::string claim_id;                // the matched claim; empty when unmatched
  std::string status_code;             // CLP02 (1, 2, 3, 4, 19, 20, 21, 22, 23 ...)
  int64_t charge_cents = 0, paid_cents = 0, patient_responsibility_cents = 0;
  std::string payer_claim_control_number;  // CLP07
  std::string patient_json;                // PHI: names, member id ... as the caller builds it
  std::vector<Adjustment> adjustments;
  std::vector<ServicePayment> services;
  std::vector<RemarkCode> remarks;  // MIA / MOA
};

struct ProviderAdjustment {
  std::string provider_id, fiscal_period_date, reason_code, reference;
  int64_t amount_cents = 0;
};

struct NewRemittance {
  std::string tenant_id;  // REQUIRES non-empty: one remittance record per tenant
  std::string payer_id, inbound_file_id;
  std::string trace_number;    // TRN02
  std::string payment_method;  // BPR04
  std::string payment_date;    // BPR16, CCYYMMDD
  int64_t total_paid_cents = 0;
  std::vector<ClaimPayment> claims;
  std::vector<ProviderAdjustment> provider_adjustments;
};

struct Remittance {
  std::string id, tenant_id, payer_id, inbound_file_id, trace_number, payment_method, payment_date;
  int64_t total_paid_cents = 0, created_ms = 0;
  std::vector<ClaimPayment> claims;                      // filled by GetRemittance only
  std::vector<ProviderAdjustment> provider_adjustments;  // filled by GetRemittance only
};

struct RemittanceFilter {
  std::string payer_id;
  int64_t since_ms = 0;
  std::string cursor;
  int limit = 50;
};

struct RemittancePage {
  std::vector<Remittance> remittances;
  std::string next_cursor;
};

// ---- status records (277CA, 277, 999, TA1 outcomes per claim) ----

struct StatusRecord {
  std::string id;                   // empty on insert: assigned
  std::string tenant_id, claim_id;  // both empty when unmatched (visible via ListUnmatchedStatus)
  std::string payer_id, source, inbound_file_id;  // source: "277CA", "277", "999", "TA1"
  std::string patient_control_number, payer_claim_control_number;
  std::string category_code, status_code, entity_code;  // STC01-1/-2/-3 (or AK5/IK5 codes)
  std::string effective_date;
  std::string detail;  // PHI allowed: free text from the payer; stored encrypted
  int64_t created_ms = 0;
};

}  // namespace claimgate::store
