// 999 Implementation Acknowledgment (005010X231A1) -> AckRecord per acknowledged functional group
// (AK1 GS06, AK2 ST02 per set with its IK5 status, IK3 segment and IK4 element errors, AK9 totals)
// and TA1 -> InterchangeAck (TA101 = the ISA13 acknowledged). These are the acknowledgments a
// payer or clearinghouse sends back for what claimgate transmitted; each code comes with its
// meaning in plain words. Read segment by segment; not thread-safe; one AckReader per input.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "edi/hipaa/response_common.hpp"
#include "edi/segment.hpp"

namespace edi::hipaa {

// IK4: one element in error.
struct ElementError {
  std::uint32_t position = 0;    // IK401-1: element position in the segment
  std::uint32_t component = 0;   // IK401-2 (0 when absent)
  std::uint32_t repetition = 0;  // IK401-3 (0 when absent)
  std::string reference_number;  // IK402: data element reference number
  std::string code;              // IK403
  std::string bad_value;         // IK404 (may be PHI)
  std::uint64_t segment = 0;     // the IK4 segment index
};

// IK3: one segment in error, with its element errors.
struct SegmentError {
  std::string segment_id;      // IK301
  std::uint64_t position = 0;  // IK302: position in the transaction set (ST = 1)
  std::string loop;            // IK303: loop identifier
  std::string code;            // IK304 (empty when the segment only has element errors)
  std::vector<ElementError> elements;
  std::uint64_t segment = 0;  // the IK3 segment index
};

// AK2..IK5: the outcome of one acknowledged transaction set.
struct SetAcknowledgment {
  std::string set_id;                    // AK201, e.g. "837"
  std::string control_number;            // AK202 = the ST02 we sent
  std::string implementation;            // AK203
  std::string status;                    // IK501: A, E, R (M, W, X)
  std::vector<std::string> error_codes;  // IK502..IK506
  std::vector<SegmentError> segment_errors;
  std::uint64_t segment = 0;  // the AK2 segment index
};

// One 999 transaction set: the acknowledgment of one functional group we sent.
struct AckRecord {
  EnvelopeKeys keys;                 // of the 999 itself
  std::string functional_id;         // AK101, e.g. "HC"
  std::string group_control_number;  // AK102 = the GS06 we sent
  std::string version;               // AK103
  std::vector<SetAcknowledgment> sets;
  std::string status;                                      // AK901: A, E, P, R (M, W, X)
  std::uint64_t included = 0, received = 0, accepted = 0;  // AK902..AK904
  std::vector<std::string> error_codes;                    // AK905..AK909
  std::uint64_t segment = 0;                               // the ST segment index
  bool closed = false;                                     // its SE was seen
};

// TA1: the acknowledgment of one interchange.
struct InterchangeAck {
  std::string carrier_control_number;  // ISA13 of the interchange holding the TA1
  std::string control_number;          // TA101 = the ISA13 we sent
  std::string date;                    // TA102 YYMMDD
  std::string time;                    // TA103 HHMM
  std::string ack_code;                // TA104: A, E, R
  std::string note_code;               // TA105
  std::uint64_t segment = 0;
};

// The code lists a 999 / TA1 uses.
enum class AckCodeList {
  kSegmentError,     // IK304
  kElementError,     // IK403
  kSetStatus,        // IK501
  kSetError,         // IK502..IK506
  kGroupStatus,      // AK901
  kGroupError,       // AK905..AK909
  kInterchangeAck,   // TA104
  kInterchangeNote,  // TA105
};

// The meaning shipped for a code, or "".
std::string_view AckCodeMeaning(AckCodeList list, std::string_view code);
// The meaning, or "code NNN (no description shipped)".
std::string DescribeAckCode(AckCodeList list, std::string_view code);

class AckReader {
 public:
  using AckCallback = std::function<void(AckRecord&& ack)>;
  using InterchangeAckCallback = std::function<void(InterchangeAck&& ack)>;

  AckReader(AckCallback on_ack, InterchangeAckCallback on_interchange_ack);

  // Feeds the next segment (envelope segments included); sets other than 999 are ignored.
  void Add(const Segment& segment);
  // End of input: delivers a 999 left open.
  void Finish();

  // Structure findings: IK4 without IK3, counts that are not numbers, AK902 that disagrees with
  // the number of AK2 loops.
  const std::vector<Finding>& findings() const { return findings_; }

 private:
  void OnTa1(const Segment& s);
  void OnIk3(const Segment& s);
  void OnIk4(const Segment& s);
  void OnAk9(const Segment& s);
  void CloseSet();
  std::uint64_t Count(const Segment& s, std::uint32_t element);

  AckCallback on_ack_;
  InterchangeAckCallback on_interchange_ack_;
  EnvelopeTracker envelope_;
  bool in_set_ = false;
  AckRecord ack_;
  std::vector<Finding> findings_;
};

struct AckFile {
  std::vector<AckRecord> acks;
  std::vector<InterchangeAck> interchange_acks;
  std::vector<Finding> findings;
};

// Reads every 999 and TA1 of an in-memory input. Reader and envelope findings go to
// `diagnostics` (may be null).
AckFile ReadAcks(std::string_view input, DiagnosticSink* diagnostics);

}  // namespace edi::hipaa
