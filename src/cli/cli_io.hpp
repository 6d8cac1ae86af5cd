// What the commands that build X12 share: the UTC clock as text, reading a file or standard
// input, the envelope flags (ISA/GS ids, control numbers, date and time) and their defaults,
// checking a built interchange with claimgate's own validator, and writing it out.
// Stateless functions; they write to std::cout / std::cerr, so call them from one thread.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "edi/hipaa/encounter.hpp"

namespace CLI {
class App;
}  // namespace CLI

namespace claimgate::cli {

// The current UTC time through strftime(format), e.g. "%Y%m%d" or "%H%M".
std::string UtcNow(const char* format);

// The whole of `path`, or standard input for "-"; false when it cannot be read.
bool ReadInput(const std::string& path, std::string* text);

// The envelope flags of a command that builds one interchange.
struct EnvelopeFlags {
  std::string sender_id;  // ISA06/GS02; see FillEnvelope for the default
  std::string sender_qualifier = "ZZ";
  std::string receiver_id;  // ISA08/GS03; see FillEnvelope for the default
  std::string receiver_qualifier = "ZZ";
  std::uint64_t control_number = 1;        // ISA13
  std::uint64_t group_control_number = 1;  // GS06
  std::string usage = "T";                 // ISA15
  std::string date;                        // CCYYMMDD; the UTC date when empty
  std::string time;                        // HHMM; now (UTC) when empty
  bool line_break = false;                 // a line feed after every segment
};

// Adds --sender-id, --sender-qualifier, --receiver-id, --receiver-qualifier, --control-number,
// --group-control-number (help text `gs06_help`), --usage, --date, --time and --line-break to
// `cmd`, bound to `*flags`. REQUIRES: `flags` outlives the parse of `cmd`.
void AddEnvelopeOptions(CLI::App* cmd, EnvelopeFlags* flags, const std::string& gs06_help);

// Fills the envelope of a builder's options (edi::hipaa::BuildOptions, StatusInquiryOptions:
// their interchange, group_control_number, date, time and writer.line_break) from `flags`. An
// empty sender id falls back to the encounter's submitter id, then "CLAIMGATE"; an empty receiver
// id to the encounter's receiver id, then its payer id; an empty date or time to the UTC clock.
template <typename Options>
void FillEnvelope(const EnvelopeFlags& flags, const edi::hipaa::Encounter& encounter,
                  Options* options) {
  options->interchange.sender_qualifier = flags.sender_qualifier;
  options->interchange.sender_id = !flags.sender_id.empty()          ? flags.sender_id
                                   : !encounter.submitter.id.empty() ? encounter.submitter.id
                                                                     : std::string("CLAIMGATE");
  options->interchange.receiver_qualifier = flags.receiver_qualifier;
  options->interchange.receiver_id = !flags.receiver_id.empty()       ? flags.receiver_id
                                     : !encounter.receiver.id.empty() ? encounter.receiver.id
                                                                      : encounter.payer_id;
  options->interchange.control_number = flags.control_number;
  options->interchange.usage = flags.usage.empty() ? 'T' : flags.usage[0];
  options->group_control_number = flags.group_control_number;
  options->date = flags.date.empty() ? UtcNow("%Y%m%d") : flags.date;
  options->time = flags.time.empty() ? UtcNow("%H%M") : flags.time;
  options->writer.line_break = flags.line_break;
}

// The built interchange must pass claimgate's own validator (every built-in guide); a failure is
// a builder defect, reported on standard error as "the built WHAT fails validation" and never
// written out. True when there is no error.
bool SelfCheck(const std::string& x12, std::string_view what);

// Writes `x12` to `out_path` (standard output for "" or "-", then with a final line feed unless
// the segments already end in line breaks). Exit code: 0 written, 2 not writable.
int WriteInterchange(const std::string& x12, const std::string& out_path, bool line_break);

}  // namespace claimgate::cli
