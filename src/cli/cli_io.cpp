#include "src/cli/cli_io.hpp"

#include <CLI/CLI.hpp>
#include <ctime>
#include <fstream>
#include <iostream>
#include <iterator>

#include "edi/schema.hpp"
#include "edi/segment_reader.hpp"
#include "edi/x12_validator.hpp"

namespace claimgate::cli {

std::string UtcNow(const char* format) {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::size_t n = std::strftime(buf, sizeof buf, format, &tm);
  return std::string(buf, n);
}

bool ReadInput(const std::string& path, std::string* text) {
  if (path == "-") {
    text->assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
    return true;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  text->assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return !in.bad();
}

void AddEnvelopeOptions(CLI::App* cmd, EnvelopeFlags* flags, const std::string& gs06_help) {
  cmd->add_option("--sender-id", flags->sender_id,
                  "ISA06/GS02 (default: submitter.submitterIdentification)");
  cmd->add_option("--sender-qualifier", flags->sender_qualifier, "ISA05 (default ZZ)");
  cmd->add_option("--receiver-id", flags->receiver_id,
                  "ISA08/GS03 (default: receiver.receiverIdentification, else the payer id)");
  cmd->add_option("--receiver-qualifier", flags->receiver_qualifier, "ISA07 (default ZZ)");
  cmd->add_option("--control-number", flags->control_number, "ISA13 (default 1)")
      ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{999999999}));
  cmd->add_option("--group-control-number", flags->group_control_number, gs06_help)
      ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{999999999}));
  cmd->add_option("--usage", flags->usage, "ISA15: T test (default) or P production")
      ->check(CLI::IsMember({"T", "P"}));
  cmd->add_option("--date", flags->date, "Creation date CCYYMMDD for ISA/GS/BHT");
  cmd->add_option("--time", flags->time, "Creation time HHMM for ISA/GS/BHT");
  cmd->add_flag("--line-break", flags->line_break, "Write a line feed after every segment");
}

bool SelfCheck(const std::string& x12, std::string_view what) {
  static const auto registry = edi::schema::SchemaRegistry::LoadBuiltIn();
  edi::DiagnosticList findings;
  edi::SegmentReader reader(x12, findings);
  edi::X12Validator validator(registry ? registry->get() : nullptr, findings);
  edi::Segment segment;
  while (reader.Next(&segment)) validator.Add(segment, reader.header());
  validator.Finish();
  if (findings.errors() == 0) return true;
  for (const auto& d : findings.items()) {
    if (d.severity != edi::Severity::kError) continue;
    std::cerr << "claimgate: internal: the built " << what << " fails validation: segment "
              << d.pos.segment << " " << d.segment_id << " (loop " << d.loop << "): " << d.message
              << "\n";
  }
  return false;
}

int WriteInterchange(const std::string& x12, const std::string& out_path, bool line_break) {
  if (out_path.empty() || out_path == "-") {
    std::cout << x12;
    if (!line_break) std::cout << "\n";
    std::cout.flush();
    return std::cout ? 0 : 2;
  }
  std::ofstream out(out_path, std::ios::binary | std::ios::trunc);
  out << x12;
  out.close();
  if (!out) {
    std::cerr << "claimgate: cannot write " << out_path << "\n";
    return 2;
  }
  return 0;
}

}  // namespace claimgate::cli
