#include "src/cli/claim_command.hpp"

#include "src/cli/cli_io.hpp"

#include <CLI/CLI.hpp>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <string>

#include "edi/hipaa/claim_builder.hpp"
#include "edi/hipaa/claim_reader.hpp"
#include "edi/hipaa/encounter_edits.hpp"
#include "edi/schema.hpp"
#include "edi/segment_reader.hpp"
#include "edi/x12_validator.hpp"
#include "src/cli/x12_scan.hpp"
#include "src/core/encounter_json.hpp"

namespace claimgate::cli {
namespace {

struct BuildFlags {
  std::string input;
  std::string out;
  std::string sender_id;
  std::string sender_qualifier = "ZZ";
  std::string receiver_id;
  std::string receiver_qualifier = "ZZ";
  std::uint64_t control_number = 1;
  std::uint64_t group_control_number = 1;
  std::string usage = "T";
  std::string today;  // CCYYMMDD; the UTC date when empty
  std::string date;   // CCYYMMDD; today when empty
  std::string time;   // HHMM; now (UTC) when empty
  bool line_break = false;
  bool show_values = true;
};

int RunBuild(const BuildFlags& flags) {
  std::string text;
  if (!ReadInput(flags.input, &text)) {
    std::cerr << "claimgate: cannot read " << flags.input << "\n";
    return 2;
  }
  core::EncounterParse parse = core::ParseEncounterJson(text);
  std::string today = flags.today.empty() ? UtcNow("%Y%m%d") : flags.today;
  std::vector<edi::hipaa::EncounterFinding> findings = parse.findings;
  for (std::size_t i = 0; i < parse.encounters.size(); ++i) {
    edi::hipaa::EditOptions options;
    options.today = today;
    options.path_prefix = core::EncounterPathPrefix(parse, i);
    edi::hipaa::CheckEncounter(parse.encounters[i], options, &findings);
  }
  if (!findings.empty() || parse.encounters.empty()) {
    for (const auto& f : findings) {
      std::cerr << edi::hipaa::FormatFinding(f, flags.show_values) << "\n";
    }
    std::cerr << "claimgate: " << findings.size() << " finding(s); no 837 was built\n";
    return 1;
  }
  const edi::hipaa::Encounter& first = parse.encounters.front();
  edi::hipaa::BuildOptions options;
  options.interchange.sender_qualifier = flags.sender_qualifier;
  options.interchange.sender_id = !flags.sender_id.empty()      ? flags.sender_id
                                  : !first.submitter.id.empty() ? first.submitter.id
                                                                : std::string("CLAIMGATE");
  options.interchange.receiver_qualifier = flags.receiver_qualifier;
  options.interchange.receiver_id = !flags.receiver_id.empty()   ? flags.receiver_id
                                    : !first.receiver.id.empty() ? first.receiver.id
                                                                 : first.payer_id;
  options.interchange.control_number = flags.control_number;
  options.interchange.usage = flags.usage.empty() ? 'T' : flags.usage[0];
  options.group_control_number = flags.group_control_number;
  options.date = flags.date.empty() ? UtcNow("%Y%m%d") : flags.date;
  options.time = flags.time.empty() ? UtcNow("%H%M") : flags.time;
  options.writer.line_break = flags.line_break;
  auto built = edi::hipaa::BuildInterchange(parse.encounters, options);
  if (!built) {
    std::cerr << "claimgate: cannot build the 837: " << built.error().message << "\n";
    return 1;
  }
  if (!SelfCheck(*built, "837")) return 1;
  return WriteInterchange(*built, flags.out, flags.line_break);
}

void PrintDiagnostic(const edi::Diagnostic& d) {
  std::cerr << "claimgate: segment " << d.pos.segment;
  if (!d.segment_id.empty()) std::cerr << " " << d.segment_id;
  if (!d.loop.empty()) std::cerr << " (loop " << d.loop << ")";
  std::cerr << " " << (d.severity == edi::Severity::kError ? "error" : "warning") << " "
            << edi::DiagCodeName(d.code) << ": " << d.message << "\n";
}

// 837 -> a JSON array of encounters on stdout, one claim at a time. Exit 2: unreadable; 1: the
// file has validation errors or segments the encounter model does not carry; else 0.
int RunParse(const std::string& input) {
  static const auto registry = edi::schema::SchemaRegistry::LoadBuiltIn();
  if (!registry) {
    std::cerr << "claimgate: internal: the built-in schemas do not load\n";
    return 2;
  }
  edi::DiagnosticList reader_findings;
  bool first = true;
  edi::hipaa::ClaimReader claims(**registry, reader_findings, [&](edi::hipaa::Encounter&& e) {
    std::cout << (first ? "[\n" : ",\n") << core::WriteEncounterJson(e);
    first = false;
  });
  ScanResult scan =
      ScanFile(input, edi::ReaderOptions{},
               [&](const edi::Segment& segment, const edi::SegmentReader& reader,
                   const edi::EnvelopeChecker&) { claims.Add(segment, reader.header()); });
  claims.Finish();
  std::cout << (first ? "[]\n" : "\n]\n");
  std::cout.flush();
  for (const auto& d : scan.findings.items()) PrintDiagnostic(d);
  for (const auto& d : reader_findings.items()) PrintDiagnostic(d);
  for (const auto& [key, u] : claims.unsupported()) {
    std::cerr << "claimgate: not carried: " << u.segment << " in loop "
              << (u.loop.empty() ? "header" : u.loop) << ": " << u.count << " time(s)\n";
  }
  if (scan.unreadable) {
    std::cerr << "claimgate: cannot read " << input << ": " << *scan.unreadable << "\n";
    return 2;
  }
  if (!std::cout) return 2;
  return scan.findings.HasErrors() || reader_findings.HasErrors() || !claims.unsupported().empty()
             ? 1
             : 0;
}

}  // namespace

void AddClaimCommands(CLI::App& app, int* exit_code) {
  CLI::App* claim = app.add_subcommand("claim", "Build 837 claims from coded encounters");
  claim->require_subcommand(1);
  auto flags = std::make_shared<BuildFlags>();
  CLI::App* build = claim->add_subcommand(
      "build", "Encounter JSON (one object or an array; - for standard input) -> 837 interchange");
  build->add_option("ENCOUNTER", flags->input, "Encounter JSON file, or - for standard input")
      ->required();
  build->add_option("--out,-o", flags->out, "Write the interchange to this file (default stdout)");
  build->add_option("--sender-id", flags->sender_id,
                    "ISA06/GS02 (default: submitter.submitterIdentification)");
  build->add_option("--sender-qualifier", flags->sender_qualifier, "ISA05 (default ZZ)");
  build->add_option("--receiver-id", flags->receiver_id,
                    "ISA08/GS03 (default: receiver.receiverIdentification, else the payer id)");
  build->add_option("--receiver-qualifier", flags->receiver_qualifier, "ISA07 (default ZZ)");
  build->add_option("--control-number", flags->control_number, "ISA13 (default 1)")
      ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{999999999}));
  build
      ->add_option("--group-control-number", flags->group_control_number,
                   "GS06 of the first group (default 1)")
      ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{999999999}));
  build->add_option("--usage", flags->usage, "ISA15: T test (default) or P production")
      ->check(CLI::IsMember({"T", "P"}));
  build->add_option("--today", flags->today,
                    "Date the edits treat as today, CCYYMMDD (default: the UTC date)");
  build->add_option("--date", flags->date, "Creation date CCYYMMDD for ISA/GS/BHT");
  build->add_option("--time", flags->time, "Creation time HHMM for ISA/GS/BHT");
  build->add_flag("--line-break", flags->line_break, "Write a line feed after every segment");
  build->add_flag("!--no-values", flags->show_values,
                  "Leave the offending values out of the findings (they may hold PHI)");
  build->callback([flags, exit_code] { *exit_code = RunBuild(*flags); });
  auto parse_input = std::make_shared<std::string>();
  CLI::App* parse = claim->add_subcommand(
      "parse",
      "837 interchange (- for standard input) -> JSON array of encounters (claim build's "
      "input)");
  parse->add_option("FILE", *parse_input, "837 file, or - for standard input")->required();
  parse->callback([parse_input, exit_code] { *exit_code = RunParse(*parse_input); });
}

}  // namespace claimgate::cli
