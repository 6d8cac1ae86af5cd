// The simulator's real-time claim status: one 276 (005010X212) received as a CORE RealTimeRequest
// -> one 277 (005010X212) answering each 2200D/E claim by its TRN02 (echoed) and REF*EJ / REF*1K
// with what the payer knows of the claim at that moment (received, rejected, in process, paid,
// denied; unknown: A4/35). A 276 with errors gets a 999 (IK5 R), a broken envelope a TA1 R.
// Pure apart from the callbacks (claim lookup, control numbers); thread-safe if they are.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "src/sim/adjudication.hpp"
#include "src/sim/answer.hpp"
#include "src/sim/sim_config.hpp"

namespace claimgate::sim {

inline constexpr std::string_view kStatusRequestPayloadType = "X12_276_Request_005010X212";
inline constexpr std::string_view kStatusResponsePayloadType = "X12_277_Response_005010X212";
inline constexpr std::string_view k999PayloadType = "X12_999_Response_005010X231A1";
inline constexpr std::string_view kTa1PayloadType = "X12_TA1_Response_00501X231A1";

// What the simulated payer remembers of one claim it adjudicated (State keeps it on disk).
struct KnownClaim {
  std::string patient_control_number;    // CLM01
  std::string payer_claim_number;        // REF*1K / CLP07
  bool accepted = true;                  // by the 277CA
  std::string category, status, entity;  // the 277CA's STC01
  Cents charge = 0, paid = 0;
  std::string clp02;                 // 835 CLP02 (1 processed, 4 denied)
  std::int64_t received_ms = 0;      // the 837 arrived
  std::int64_t acknowledged_ms = 0;  // the 277CA is due
  std::int64_t adjudicated_ms = 0;   // the 835 is due; 0: no 835 (rejected claim)
};

// One line of State's claims.tsv and back (tab-separated, no PHI: ids, codes and amounts).
std::string FormatKnownClaim(const KnownClaim& claim);
std::optional<KnownClaim> ParseKnownClaim(std::string_view line);

// STC01 and amounts of a claim at `now_ms`:
//   unknown                              -> A4:35 (not found)
//   before its 277CA is due              -> A1:19 (received)
//   rejected by the 277CA                -> the 277CA's code (A3:21:IL, A7:562:85)
//   accepted, before its 835 is due      -> P1:20 (in process, accepted for processing)
//   835 due, CLP02 4                     -> F2:1 (denied, see the remittance), paid 0.00
//   835 due, otherwise                   -> F1:65 (paid), with the amount paid
struct ClaimStatusAt {
  std::string category, status, entity;
  bool finalized = false;  // STC05/STC06 carry the payment and its date
  Cents paid = 0;
  std::string adjudication_date;  // CCYYMMDD (UTC) of adjudicated_ms
};
ClaimStatusAt StatusAt(const std::optional<KnownClaim>& claim, std::int64_t now_ms);

struct StatusInquiryAnswer {
  std::string payload_type;  // kStatusResponsePayloadType, k999PayloadType or kTa1PayloadType
  std::string bytes;         // one interchange; empty when the input holds no ISA at all
  int claims = 0;            // 2200D/E loops answered
  int unknown = 0;           // of which A4/35
};

using ClaimLookup =
    std::function<std::optional<KnownClaim>(const std::string& patient_control_number)>;

// Answers one 276 interchange. The claim is looked up by TRN02, then by REF*EJ.
StatusInquiryAnswer AnswerStatusInquiry(std::string_view bytes, const ClaimLookup& lookup,
                                        std::int64_t now_ms, const AnswerContext& context);

}  // namespace claimgate::sim
