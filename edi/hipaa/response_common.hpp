// Pieces shared by the response readers (835 remittance, 277/277CA status, 999/TA1 acknowledgment):
// findings with their segment position, money parsed exactly into integer cents, the envelope
// keys (ISA13 / GS06 / GS08 / ST02) that tie a record to its interchange, and the composite
// procedure identifier. Plain values and pure functions; thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "edi/diagnostics.hpp"
#include "edi/segment.hpp"

namespace edi::hipaa {

// Money in cents. X12 R values are parsed exactly: never through floating point.
using Cents = std::int64_t;

// A finding in a response file: a stable snake_case code ("service_unbalanced"), a sentence, and
// where it is. The message carries no values from the input; `value` does (amounts, codes).
struct Finding {
  std::string code;
  Severity severity = Severity::kError;
  std::string message;
  std::uint64_t segment = 0;  // 1-based segment index in the input (ISA of the file = 1)
  std::string segment_id;     // "CLP", "SVC"...
  std::uint32_t element = 0;  // 1-based element position, 0 for the whole segment
  std::uint32_t component = 0;
  std::string value;
};

// Appends a finding about element `element` of `segment`.
void AddFinding(std::vector<Finding>* out, const Segment& segment, std::uint32_t element,
                std::string code, std::string message, std::string value = {},
                Severity severity = Severity::kError);

enum class AmountStatus {
  kOk,          // parsed exactly
  kEmpty,       // no value
  kInvalid,     // not an X12 decimal number (letters, two signs, exponent, too many digits)
  kTooPrecise,  // more than two decimals with a non-zero digit past the cents: value truncated
};

// Parses an X12 R (decimal) value into cents: optional '-', digits, optional '.' and digits.
// At most 15 digits before the point. `*out` is 0 unless kOk or kTooPrecise.
AmountStatus ParseCents(std::string_view text, Cents* out);

// "-12.30", "0.05", "1234.00".
std::string FormatCents(Cents cents);

// Reads the amount in element `element` of `segment` into `*out` (0 when empty), reporting an
// invalid or over-precise value as a finding ("amount_invalid", "amount_precision"). Returns
// true when the element held a value.
bool ReadAmount(const Segment& segment, std::uint32_t element, Cents* out,
                std::vector<Finding>* findings);

// Reads an in-memory input segment by segment (reader + envelope checker, summaries off) and
// hands each segment to `each`. Reader and envelope findings go to `diagnostics` (may be null).
// The in-memory entry point of the three response readers.
void ForEachSegment(std::string_view input, DiagnosticSink* diagnostics,
                    const std::function<void(const Segment&)>& each);

// Where a transaction set came from: the keys that match a response to what was sent.
struct EnvelopeKeys {
  std::string interchange_control_number;  // ISA13
  std::string interchange_sender;          // ISA06, trailing spaces trimmed
  std::string interchange_receiver;        // ISA08, trailing spaces trimmed
  std::string group_control_number;        // GS06
  std::string functional_id;               // GS01
  std::string version;                     // GS08, e.g. "005010X221A1"
  std::string transaction_control_number;  // ST02
  std::string implementation;              // ST03 (empty if absent)
  std::uint64_t segment = 0;               // segment index of the ST
};

// Follows ISA/GS/ST of a segment stream and keeps the current keys. Not thread-safe.
class EnvelopeTracker {
 public:
  // Feeds one segment; returns true when it was ISA, GS or ST (and updated the keys).
  bool Add(const Segment& segment);
  const EnvelopeKeys& keys() const { return keys_; }

 private:
  EnvelopeKeys keys_;
};

// A composite medical procedure identifier (C003): SVC01 / SVC06 in the 835, SVC01 in the 277.
struct Procedure {
  std::string qualifier;  // HC (CPT/HCPCS), AD (CDT), ER, IV, N4 (NDC), NU (revenue code), ...
  std::string code;
  std::array<std::string, 4> modifiers;  // empty strings for absent modifiers
  std::string description;               // C003-07
  bool empty() const { return qualifier.empty() && code.empty(); }
  int modifier_count() const;
  bool operator==(const Procedure&) const = default;
};

// Reads the composite in element `element` of `segment`.
Procedure ReadProcedure(const Segment& segment, std::uint32_t element);
// Same, reusing `*out`'s storage (the hot path of the 835 reader).
void ReadProcedure(const Segment& segment, std::uint32_t element, Procedure* out);

// "HC:99213:25" style text for a procedure (qualifier, code, modifiers; ':' separated).
std::string FormatProcedure(const Procedure& p);

// A qualified reference (REF01/REF02) or amount (AMT01/AMT02) kept as written.
struct Reference {
  std::string qualifier;
  std::string value;
  bool operator==(const Reference&) const = default;
};
struct QualifiedAmount {
  std::string qualifier;
  Cents amount = 0;
  bool operator==(const QualifiedAmount&) const = default;
};

}  // namespace edi::hipaa
