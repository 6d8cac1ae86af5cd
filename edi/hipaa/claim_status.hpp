// 277CA Claim Acknowledgment (005010X214) and 277 Claim Status Response (005010X212) -> one
// StatusRecord per claim and per service line (and per information receiver / provider that
// carries its own status, as a 277CA does for a rejected batch). Read segment by segment;
// records are handed to a callback as each one ends, so memory stays bounded.
// Not thread-safe; one ClaimStatusReader per input.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "edi/hipaa/response_common.hpp"
#include "edi/segment.hpp"

namespace edi::hipaa {

// One status triple of an STC composite (STC01, STC10 or STC11).
struct StatusCode {
  std::string category;   // C043-1: claim status category (A1, A3, P1, F2, ...)
  std::string status;     // C043-2: claim status code
  std::string entity;     // C043-3: entity the status is about (85 billing provider, QC, ...)
  std::string code_list;  // C043-4: NCPDP reject/payment code, when used
  bool operator==(const StatusCode&) const = default;
};

// One STC segment.
struct StatusEntry {
  std::vector<StatusCode> codes;  // STC01, then STC10 and STC11 when present
  std::string effective_date;     // STC02
  std::string action_code;        // STC03 (WQ accepted, U rejected, in a 277CA)
  bool has_amount = false;
  Cents amount = 0;  // STC04: total claim charge (or batch total at receiver level)
  bool has_paid = false;
  Cents paid = 0;                 // STC05: claim payment amount
  std::string adjudication_date;  // STC06
  std::string payment_method;     // STC07
  std::string check_date;         // STC08
  std::string check_number;       // STC09
  std::string message;            // STC12 free-form text
  std::uint64_t segment = 0;
};

// A party from an NM1 (source, receiver, provider, subscriber, patient).
struct StatusParty {
  std::string entity;  // NM101
  std::string last_or_organization, first, middle;
  std::string id_qualifier;  // NM108
  std::string id;            // NM109
  bool empty() const { return entity.empty(); }
};

enum class StatusLevel { kReceiver, kProvider, kClaim, kServiceLine };
std::string_view StatusLevelName(StatusLevel level);  // "receiver", "provider", "claim", "line"

// Who reported the status: from the information source (HL level 20) NM101.
enum class StatusSource { kUnknown, kPayer, kClearinghouse };
std::string_view StatusSourceName(StatusSource source);  // "payer", "clearinghouse", "unknown"

struct StatusRecord {
  EnvelopeKeys keys;
  bool claim_acknowledgment = false;  // 005010X214 (277CA); false for a 277 (X212)
  StatusLevel level = StatusLevel::kClaim;
  StatusSource source_kind = StatusSource::kUnknown;
  StatusParty source;      // 2100A
  StatusParty receiver;    // 2100B
  StatusParty provider;    // 2100C (billing / service provider)
  StatusParty subscriber;  // NM1*IL
  StatusParty patient;     // NM1*QC
  // TRN02 of this level; at claim and line level it is the patient control number (= our CLM01).
  std::string trace_number;
  std::string payer_claim_control_number;  // REF*1K
  std::string clearinghouse_trace;         // REF*D9
  std::string bill_type;                   // REF*BLT
  std::vector<Reference> references;       // other REFs (EJ patient account, ...)
  std::string service_date_from;           // DTP*472 (D8: both the same; RD8: the range)
  std::string service_date_to;
  std::vector<StatusEntry> statuses;
  std::vector<QualifiedAmount> amounts;  // AMT (receiver/provider totals: YU accepted, YY rejected)
  std::vector<Reference> quantities;     // QTY (90 accepted, AA rejected): qualifier, value
  // Service line only (level kServiceLine).
  Procedure procedure;              // SVC01
  Cents charge = 0;                 // SVC02
  Cents paid = 0;                   // SVC03
  std::string revenue_code;         // SVC04
  std::string units;                // SVC07
  std::string line_control_number;  // REF*FJ
  std::uint64_t segment = 0;        // the segment that opened the record (HL, TRN or SVC)
};

class ClaimStatusReader {
 public:
  // Called for each record as it ends. `record` is valid during the call only (move from it).
  using RecordCallback = std::function<void(StatusRecord&& record)>;

  explicit ClaimStatusReader(RecordCallback on_record);

  // Feeds the next segment (envelope segments included); non-277 sets are ignored.
  void Add(const Segment& segment);
  // End of input: delivers records still open.
  void Finish();

  // Amount findings and structure findings (a status outside any claim, ...).
  const std::vector<Finding>& findings() const { return findings_; }
  std::uint64_t transaction_sets() const { return sets_; }

 private:
  void OnHl(const Segment& s);
  void OnNm1(const Segment& s);
  void OnTrn(const Segment& s);
  void OnStc(const Segment& s);
  void OnSvc(const Segment& s);
  void OnRef(const Segment& s);
  void OnDtp(const Segment& s);
  void Open(StatusLevel level, const Segment& s);
  void Emit();
  void CloseSet();
  StatusRecord Blank() const;

  RecordCallback on_record_;
  EnvelopeTracker envelope_;
  bool in_set_ = false;
  bool claim_ack_ = false;
  std::string hl_level_;  // HL03 of the current HL
  StatusSource source_kind_ = StatusSource::kUnknown;
  StatusParty source_, receiver_, provider_, subscriber_, patient_;
  bool open_ = false;
  StatusRecord record_;
  // The claim a service line belongs to: its trace and payer claim number are copied to lines.
  std::string claim_trace_, claim_payer_number_;
  std::vector<Finding> findings_;
  std::uint64_t sets_ = 0;
};

// Reads every 277 transaction set of an in-memory input. Reader and envelope findings go to
// `diagnostics` and record findings to `findings` (either may be null).
std::vector<StatusRecord> ReadStatusRecords(std::string_view input, DiagnosticSink* diagnostics,
                                            std::vector<Finding>* findings);

}  // namespace edi::hipaa
