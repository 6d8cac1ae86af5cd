#include "src/cli/status_inquiry_command.hpp"

#include "src/cli/cli_io.hpp"

#include <CLI/CLI.hpp>
#include <ctime>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include "edi/hipaa/status_inquiry.hpp"
#include "edi/schema.hpp"
#include "edi/segment_reader.hpp"
#include "edi/x12_validator.hpp"
#include "src/core/encounter_json.hpp"

namespace claimgate::cli {
namespace {

struct InquiryFlags {
  std::string input;
  std::string out;
  std::string pcn;
  std::string payer_claim_number;
  std::string trace;
  bool lines = false;
  std::string sender_id;
  std::string sender_qualifier = "ZZ";
  std::string receiver_id;
  std::string receiver_qualifier = "ZZ";
  std::uint64_t control_number = 1;
  std::uint64_t group_control_number = 1;
  std::string usage = "T";
  std::string date;  // CCYYMMDD; the UTC date when empty
  std::string time;  // HHMM; now (UTC) when empty
  bool line_break = false;
};

int Run(const InquiryFlags& flags) {
  std::string text;
  if (!ReadInput(flags.input, &text)) {
    std::cerr << "claimgate: cannot read " << flags.input << "\n";
    return 2;
  }
  core::EncounterParse parse = core::ParseEncounterJson(text);
  std::vector<edi::hipaa::EncounterFinding> findings = parse.findings;
  if (parse.array || parse.encounters.size() != 1) {
    findings.push_back({"", "one_encounter_expected",
                        "a status inquiry is about one claim: give one encounter object", ""});
  }
  edi::hipaa::StatusInquiryClaim claim;
  claim.patient_control_number = flags.pcn;
  claim.payer_claim_control_number = flags.payer_claim_number;
  claim.trace_number = flags.trace;
  claim.include_service_lines = flags.lines;
  if (findings.empty()) {
    edi::hipaa::CheckStatusInquiry(parse.encounters[0], claim, flags.sender_id, "", &findings);
  }
  if (!findings.empty()) {
    for (const auto& f : findings) std::cerr << edi::hipaa::FormatFinding(f, false) << "\n";
    std::cerr << "claimgate: " << findings.size() << " finding(s); no 276 was built\n";
    return 1;
  }
  const edi::hipaa::Encounter& e = parse.encounters[0];
  edi::hipaa::StatusInquiryOptions options;
  options.interchange.sender_qualifier = flags.sender_qualifier;
  options.interchange.sender_id = !flags.sender_id.empty()  ? flags.sender_id
                                  : !e.submitter.id.empty() ? e.submitter.id
                                                            : std::string("CLAIMGATE");
  options.interchange.receiver_qualifier = flags.receiver_qualifier;
  options.interchange.receiver_id = !flags.receiver_id.empty() ? flags.receiver_id
                                    : !e.receiver.id.empty()   ? e.receiver.id
                                                               : e.payer_id;
  options.interchange.control_number = flags.control_number;
  options.interchange.usage = flags.usage.empty() ? 'T' : flags.usage[0];
  options.group_control_number = flags.group_control_number;
  options.date = flags.date.empty() ? UtcNow("%Y%m%d") : flags.date;
  options.time = flags.time.empty() ? UtcNow("%H%M") : flags.time;
  options.writer.line_break = flags.line_break;
  auto built = edi::hipaa::BuildStatusInquiry(e, claim, options);
  if (!built) {
    std::cerr << "claimgate: cannot build the 276: " << built.error().message << "\n";
    return 1;
  }
  if (!SelfCheck(*built, "276")) return 1;
  return WriteInterchange(*built, flags.out, flags.line_break);
}

}  // namespace

void AddStatusInquiryCommand(CLI::App& app, int* exit_code) {
  CLI::App* claim = app.get_subcommand("claim");
  auto flags = std::make_shared<InquiryFlags>();
  CLI::App* cmd = claim->add_subcommand(
      "status-inquiry",
      "Encounter JSON of a claim already sent -> 276 claim status request (005010X212)");
  cmd->add_option("ENCOUNTER", flags->input, "Encounter JSON file, or - for standard input")
      ->required();
  cmd->add_option("--pcn", flags->pcn,
                  "CLM01 as sent on the 837 (default: claimInformation.patientControlNumber)");
  cmd->add_option("--payer-claim-number", flags->payer_claim_number,
                  "The payer's claim control number (REF*1K), when a response gave one");
  cmd->add_option("--trace", flags->trace, "TRN02 trace number (default: the CLM01)");
  cmd->add_flag("--lines", flags->lines, "Ask about each service line too (2210 loops)");
  cmd->add_option("--out,-o", flags->out, "Write the interchange to this file (default stdout)");
  cmd->add_option("--sender-id", flags->sender_id,
                  "ISA06/GS02 (default: submitter.submitterIdentification)");
  cmd->add_option("--sender-qualifier", flags->sender_qualifier, "ISA05 (default ZZ)");
  cmd->add_option("--receiver-id", flags->receiver_id,
                  "ISA08/GS03 (default: receiver.receiverIdentification, else the payer id)");
  cmd->add_option("--receiver-qualifier", flags->receiver_qualifier, "ISA07 (default ZZ)");
  cmd->add_option("--control-number", flags->control_number, "ISA13 (default 1)")
      ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{999999999}));
  cmd->add_option("--group-control-number", flags->group_control_number, "GS06 (default 1)")
      ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{999999999}));
  cmd->add_option("--usage", flags->usage, "ISA15: T test (default) or P production")
      ->check(CLI::IsMember({"T", "P"}));
  cmd->add_option("--date", flags->date, "Creation date CCYYMMDD for ISA/GS/BHT");
  cmd->add_option("--time", flags->time, "Creation time HHMM for ISA/GS/BHT");
  cmd->add_flag("--line-break", flags->line_break, "Write a line feed after every segment");
  cmd->callback([flags, exit_code] { *exit_code = Run(*flags); });
}

}  // namespace claimgate::cli
