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
  EnvelopeFlags envelope;
  std::string today;  // CCYYMMDD; the UTC date when empty
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
  edi::hipaa::BuildOptions options;
  FillEnvelope(flags.envelope, parse.encounters.front(), &options);
  auto built = edi::hipaa::BuildInterchange(parse.encounters, options);
  if (!built) {
    std::cerr << "claimgate: cannot build the 837: " << built.error().message << "\n";
    return 1;
  }
  if (!SelfCheck(*built, "837")) return 1;
  return WriteInterchange(*built, flags.out, flags.envelope.line_break);
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
  AddEnvelopeOptions(build, &flags->envelope, "GS06 of the first group (default 1)");
  build->add_option("--today", flags->today,
                    "Date the edits treat as today, CCYYMMDD (default: the UTC date)");
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
