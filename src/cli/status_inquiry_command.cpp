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
  EnvelopeFlags envelope;
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
    edi::hipaa::CheckStatusInquiry(parse.encounters[0], claim, flags.envelope.sender_id, "",
                                   &findings);
  }
  if (!findings.empty()) {
    for (const auto& f : findings) std::cerr << edi::hipaa::FormatFinding(f, false) << "\n";
    std::cerr << "claimgate: " << findings.size() << " finding(s); no 276 was built\n";
    return 1;
  }
  const edi::hipaa::Encounter& e = parse.encounters[0];
  edi::hipaa::StatusInquiryOptions options;
  FillEnvelope(flags.envelope, e, &options);
  auto built = edi::hipaa::BuildStatusInquiry(e, claim, options);
  if (!built) {
    std::cerr << "claimgate: cannot build the 276: " << built.error().message << "\n";
    return 1;
  }
  if (!SelfCheck(*built, "276")) return 1;
  return WriteInterchange(*built, flags.out, flags.envelope.line_break);
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
  AddEnvelopeOptions(cmd, &flags->envelope, "GS06 (default 1)");
  cmd->callback([flags, exit_code] { *exit_code = Run(*flags); });
}

}  // namespace claimgate::cli
