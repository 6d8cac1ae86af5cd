#include "src/cli/x12_command.hpp"

#include <CLI/CLI.hpp>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "edi/ack.hpp"
#include "edi/delimiters.hpp"
#include "src/cli/x12_scan.hpp"

namespace claimgate::cli {
namespace {

using nlohmann::json;

struct X12Flags {
  std::vector<std::string> files;
  bool json_output = false;
  bool strict = false;
  std::string ack;      // "", "999" or "ta1"
  std::string ack_out;  // file for the acknowledgment; "" = standard output
  std::uint64_t ack_control_number = 1;
  std::size_t max_segment_length = edi::ReaderOptions{}.max_segment_length;
  std::uint64_t max_file_size = 0;

  edi::ReaderOptions Options() const {
    edi::ReaderOptions o;
    o.max_segment_length = max_segment_length;
    o.max_file_size = max_file_size;
    return o;
  }
};

// JSON text for a string that may hold any bytes (invalid UTF-8 is replaced, not thrown).
std::string Quote(std::string_view s) {
  return json(std::string(s)).dump(-1, ' ', false, json::error_handler_t::replace);
}

json DelimitersJson(const edi::Delimiters& d) {
  return {
      {"element", edi::DescribeDelimiter(std::string_view(&d.element, 1))},
      {"component", edi::DescribeDelimiter(std::string_view(&d.component, 1))},
      {"repetition", d.has_repetition ? edi::DescribeDelimiter(std::string_view(&d.repetition, 1))
                                      : std::string("none")},
      {"segment", edi::DescribeDelimiter(d.terminator_view())}};
}

json FindingJson(const edi::Diagnostic& d) {
  json j = {{"severity", edi::SeverityName(d.severity)},
            {"code", edi::DiagCodeName(d.code)},
            {"message", d.message},
            {"byteOffset", d.pos.byte_offset}};
  if (d.pos.segment != 0) j["segment"] = d.pos.segment;
  if (!d.segment_id.empty()) j["segmentId"] = d.segment_id;
  if (!d.loop.empty()) j["loop"] = d.loop;
  if (d.pos.segment_in_set != 0) j["segmentInSet"] = d.pos.segment_in_set;
  if (d.pos.element != 0) j["element"] = d.pos.element;
  if (d.pos.component != 0) j["component"] = d.pos.component;
  if (d.pos.repetition != 0) j["repetition"] = d.pos.repetition;
  if (!d.value.empty()) j["value"] = d.value;
  return j;
}

json FindingsJson(const edi::DiagnosticList& list) {
  json a = json::array();
  for (const auto& d : list.items()) a.push_back(FindingJson(d));
  return a;
}

json SummaryJson(const ScanResult& r) {
  json ics = json::array();
  for (const auto& ic : r.interchanges) {
    json groups = json::array();
    for (const auto& g : ic.groups) {
      json sets = json::array();
      for (const auto& ts : g.transaction_sets) {
        sets.push_back({{"id", ts.id},
                        {"controlNumber", ts.control_number},
                        {"implementation", ts.implementation},
                        {"segments", ts.segments},
                        {"declaredSegments", ts.declared_segments},
                        {"firstSegment", ts.first_segment},
                        {"closed", ts.closed}});
      }
      groups.push_back({{"functionalId", g.functional_id},
                        {"sender", g.sender},
                        {"receiver", g.receiver},
                        {"date", g.date},
                        {"time", g.time},
                        {"controlNumber", g.control_number},
                        {"version", g.version},
                        {"closed", g.closed},
                        {"transactionSets", sets}});
    }
    json ta1s = json::array();
    for (const auto& t : ic.ta1s) {
      ta1s.push_back({{"controlNumber", t.control_number},
                      {"ackCode", t.ack_code},
                      {"noteCode", t.note_code}});
    }
    const auto& h = ic.header;
    ics.push_back({{"controlNumber", h.control_number()},
                   {"version", h.version()},
                   {"sender", {{"qualifier", h.sender_qualifier()}, {"id", h.sender_id()}}},
                   {"receiver", {{"qualifier", h.receiver_qualifier()}, {"id", h.receiver_id()}}},
                   {"date", h.date()},
                   {"time", h.time()},
                   {"usage", h.usage()},
                   {"ackRequested", h.ack_requested() == "1"},
                   {"delimiters", DelimitersJson(h.delimiters)},
                   {"closed", ic.closed},
                   {"ta1", ta1s},
                   {"groups", groups}});
  }
  return ics;
}

void PrintFinding(const edi::Diagnostic& d, std::ostream& out = std::cout) {
  out << "    " << edi::SeverityName(d.severity) << " [" << edi::DiagCodeName(d.code) << "] "
      << edi::DescribePosition(d.pos, d.segment_id) << ": " << d.message;
  if (!d.value.empty()) out << " (value " << Quote(d.value) << ")";
  out << "\n";
}

int ExitCode(const ScanResult& r, bool strict) {
  if (r.unreadable) return 2;
  if (r.findings.errors() > 0 || (strict && r.findings.warnings() > 0)) return 1;
  return 0;
}

std::string Trimmed(std::string_view s) {
  auto e = s.find_last_not_of(' ');
  return e == std::string_view::npos ? std::string() : std::string(s.substr(0, e + 1));
}

int RunInspect(const X12Flags& f) {
  int worst = 0;
  json all = json::array();
  for (const auto& path : f.files) {
    ScanResult r = ScanFile(path, f.Options());
    worst = std::max(worst, ExitCode(r, f.strict));
    if (f.json_output) {
      json j = {{"file", path},
                {"bytes", r.bytes},
                {"segments", r.segments},
                {"interchanges", SummaryJson(r)},
                {"findings", FindingsJson(r.findings)}};
      if (r.unreadable) j["unreadable"] = *r.unreadable;
      all.push_back(std::move(j));
      continue;
    }
    std::cout << path << ": " << r.bytes << " bytes, " << r.segments << " segments, "
              << r.interchanges.size() << " interchange(s)\n";
    if (r.unreadable) std::cout << "  unreadable: " << *r.unreadable << "\n";
    for (const auto& ic : r.interchanges) {
      const auto& h = ic.header;
      const auto& d = h.delimiters;
      std::cout << "  interchange " << h.control_number() << "  ISA12 " << h.version() << "  "
                << h.sender_qualifier() << ":" << Trimmed(h.sender_id()) << " -> "
                << h.receiver_qualifier() << ":" << Trimmed(h.receiver_id()) << "  " << h.date()
                << " " << h.time() << "  usage " << h.usage() << (ic.closed ? "" : "  (no IEA)")
                << "\n";
      std::cout << "    delimiters: element "
                << edi::DescribeDelimiter(std::string_view(&d.element, 1)) << "  component "
                << edi::DescribeDelimiter(std::string_view(&d.component, 1)) << "  repetition "
                << (d.has_repetition ? edi::DescribeDelimiter(std::string_view(&d.repetition, 1))
                                     : std::string("none"))
                << "  segment " << edi::DescribeDelimiter(d.terminator_view()) << "\n";
      for (const auto& t : ic.ta1s) {
        std::cout << "    TA1 for interchange " << t.control_number << ": " << t.ack_code
                  << " note " << t.note_code << "\n";
      }
      for (const auto& g : ic.groups) {
        std::cout << "    group " << g.control_number << "  " << g.functional_id << "  GS08 "
                  << g.version << "  " << g.sender << " -> " << g.receiver << "  "
                  << g.transaction_count << " transaction set(s)" << (g.closed ? "" : "  (no GE)")
                  << "\n";
        for (const auto& ts : g.transaction_sets) {
          std::cout << "      " << ts.id << "  ST02 " << ts.control_number;
          if (!ts.implementation.empty()) std::cout << "  ST03 " << ts.implementation;
          std::cout << "  " << ts.segments << " segments";
          if (ts.closed)
            std::cout << " (SE01 " << ts.declared_segments << ")";
          else
            std::cout << " (no SE)";
          std::cout << "\n";
        }
      }
    }
    std::cout << "  findings: " << r.findings.errors() << " error(s), " << r.findings.warnings()
              << " warning(s)\n";
    for (const auto& d : r.findings.items()) PrintFinding(d);
  }
  if (f.json_output) std::cout << all.dump(2, ' ', false, json::error_handler_t::replace) << "\n";
  return worst;
}

// Today in UTC as CCYYMMDD and HHMM, for acknowledgment envelopes.
void NowUtc(std::string* date, std::string* time) {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char d[16];
  char h[8];
  std::strftime(d, sizeof d, "%Y%m%d", &tm);
  std::strftime(h, sizeof h, "%H%M", &tm);
  *date = d;
  *time = h;
}

// Writes the acknowledgment (999 or TA1) of every interchange in `r`. Returns false on failure.
bool WriteAck(const X12Flags& f, const ScanResult& r) {
  edi::AckOptions o;
  o.interchange_control_number = f.ack_control_number;
  o.group_control_number = f.ack_control_number;
  NowUtc(&o.date, &o.time);
  std::string out;
  for (std::size_t i = 0; i < r.interchanges.size(); ++i) {
    const auto& ic = r.interchanges[i];
    std::uint64_t end =
        i + 1 < r.interchanges.size() ? r.interchanges[i + 1].first_segment : r.segments + 1;
    o.usage = ic.header.usage() == "P" ? 'P' : 'T';
    if (f.ack == "999" && ic.groups.empty()) continue;
    auto ack = f.ack == "999" ? edi::Build999(ic, end, r.findings.items(), o)
                              : edi::BuildTa1(ic, end, r.findings.items(), o);
    if (!ack) {
      std::cerr << "cannot build the " << f.ack << ": " << ack.error().message << "\n";
      return false;
    }
    out += *ack;
    out += "\n";
    ++o.interchange_control_number;
    ++o.group_control_number;
  }
  if (f.ack_out.empty()) {
    std::cout << out;
    return true;
  }
  std::ofstream file(f.ack_out, std::ios::binary);
  file << out;
  if (!file) {
    std::cerr << "cannot write " << f.ack_out << "\n";
    return false;
  }
  return true;
}

int RunValidate(const X12Flags& f) {
  int worst = 0;
  json all = json::array();
  if (!f.ack.empty() && f.files.size() != 1) {
    std::cerr << "--ack takes exactly one file\n";
    return 2;
  }
  // With the acknowledgment on standard output, the findings go to standard error.
  std::ostream& text = !f.ack.empty() && f.ack_out.empty() ? std::cerr : std::cout;
  for (const auto& path : f.files) {
    ScanResult r = ScanFile(path, f.Options());
    if (!f.ack.empty() && !r.interchanges.empty() && !WriteAck(f, r)) return 2;
    int code = ExitCode(r, f.strict);
    worst = std::max(worst, code);
    if (f.json_output) {
      json j = {{"file", path},
                {"valid", code == 0},
                {"errors", r.findings.errors()},
                {"warnings", r.findings.warnings()},
                {"findings", FindingsJson(r.findings)}};
      if (r.unreadable) j["unreadable"] = *r.unreadable;
      all.push_back(std::move(j));
      continue;
    }
    const char* verdict = code == 2 ? "UNREADABLE" : code == 1 ? "INVALID" : "OK";
    text << path << ": " << verdict << " (" << r.findings.errors() << " error(s), "
         << r.findings.warnings() << " warning(s))\n";
    if (r.unreadable) text << "    " << *r.unreadable << "\n";
    for (const auto& d : r.findings.items()) PrintFinding(d, text);
  }
  if (f.json_output) text << all.dump(2, ' ', false, json::error_handler_t::replace) << "\n";
  return worst;
}

// Streams the envelope/segment tree as JSON (docs/x12-json.md), one segment at a time, so files
// of any size convert with bounded memory.
class TreeWriter {
 public:
  explicit TreeWriter(std::FILE* out) : out_(out) {}

  void Segment(const edi::Segment& s, const edi::SegmentReader& reader) {
    std::string_view id = s.id();
    if (id == "ISA") {
      CloseTo(0);
      Open("interchange", s, &reader.delimiters());
    } else if (id == "GS") {
      CloseTo(1);
      if (depth_ >= 1)
        Open("group", s, nullptr);
      else
        Item(s);
    } else if (id == "ST") {
      CloseTo(2);
      if (depth_ >= 2)
        Open("transactionSet", s, nullptr);
      else
        Item(s);
    } else if ((id == "SE" && depth_ == 3) || (id == "GE" && depth_ == 2) ||
               (id == "IEA" && depth_ == 1)) {
      Close(&s);
    } else {
      Item(s);
    }
  }

  void Finish(const ScanResult& r) {
    CloseTo(0);
    std::fprintf(
        out_, "\n  ],\n  \"findings\": %s\n}\n",
        FindingsJson(r.findings).dump(-1, ' ', false, json::error_handler_t::replace).c_str());
  }

  void Begin(const std::string& path) {
    std::fprintf(out_, "{\n  \"file\": %s,\n  \"interchanges\": [", Quote(path).c_str());
  }

 private:
  void Open(const char* type, const edi::Segment& header, const edi::Delimiters* d) {
    Separator();
    std::fprintf(out_, "{\"type\": \"%s\", ", type);
    if (d != nullptr) {
      std::fprintf(out_, "\"delimiters\": %s, ", DelimitersJson(*d).dump().c_str());
    }
    std::fputs("\"header\": ", out_);
    WriteSegment(header);
    std::fputs(", \"content\": [", out_);
    ++depth_;
    first_ = true;
  }
  void Close(const edi::Segment* trailer) {
    std::fputs("], \"trailer\": ", out_);
    if (trailer != nullptr)
      WriteSegment(*trailer);
    else
      std::fputs("null", out_);
    std::fputs("}", out_);
    --depth_;
    first_ = false;
  }
  void CloseTo(int depth) {
    while (depth_ > depth) Close(nullptr);
  }
  void Item(const edi::Segment& s) {
    Separator();
    WriteSegment(s);
  }
  void Separator() {
    std::fputs(first_ ? "\n" : ",\n", out_);
    for (int i = 0; i <= depth_; ++i) std::fputs("  ", out_);
    first_ = false;
  }
  void WriteSegment(const edi::Segment& s) {
    std::string text = "{\"id\": " + Quote(s.id()) + ", \"index\": " + std::to_string(s.index()) +
                       ", \"offset\": " + std::to_string(s.byte_offset()) + ", \"elements\": [";
    const bool isa = s.id() == "ISA";
    for (std::size_t i = 1; i <= s.element_count(); ++i) {
      if (i > 1) text += ", ";
      edi::Element e = s.element_at(i);
      // ISA fields are fixed-width data, never split on delimiters.
      if (isa || (!e.is_composite() && !e.is_repeated())) {
        text += Quote(e.value());
      } else if (e.is_repeated()) {
        text += "{\"repetitions\": [";
        for (std::size_t r = 1; r <= e.repetition_count(); ++r) {
          if (r > 1) text += ", ";
          text += ComponentsJson(e.repetition(r));
        }
        text += "]}";
      } else {
        text += ComponentsJson(e);
      }
    }
    text += "]}";
    std::fputs(text.c_str(), out_);
  }
  static std::string ComponentsJson(const edi::Element& e) {
    if (!e.is_composite()) return Quote(e.value());
    std::string text = "[";
    for (std::size_t c = 1; c <= e.component_count(); ++c) {
      if (c > 1) text += ", ";
      text += Quote(e.component(c));
    }
    return text + "]";
  }

  std::FILE* out_;
  int depth_ = 0;
  bool first_ = true;
};

int RunToJson(const X12Flags& f) {
  const std::string& path = f.files.front();
  TreeWriter tree(stdout);
  tree.Begin(path);
  ScanResult r = ScanFile(path, f.Options(),
                          [&](const edi::Segment& s, const edi::SegmentReader& reader,
                              const edi::EnvelopeChecker&) { tree.Segment(s, reader); });
  tree.Finish(r);
  if (r.unreadable) std::cerr << path << ": " << *r.unreadable << "\n";
  return ExitCode(r, f.strict);
}

void AddCommonFlags(CLI::App* cmd, X12Flags* flags) {
  cmd->add_option("--max-segment-length", flags->max_segment_length,
                  "Longest segment accepted, in bytes (default 65536)");
  cmd->add_option("--max-file-size", flags->max_file_size,
                  "Largest file read, in bytes; 0 = no limit (default 0)");
  cmd->add_flag("--strict", flags->strict, "Warnings count as findings for the exit code");
}

}  // namespace

void AddX12Commands(CLI::App& app, int* exit_code) {
  auto flags = std::make_shared<X12Flags>();
  CLI::App* x12 = app.add_subcommand("x12", "Read, check and convert X12 files");
  x12->require_subcommand(1);

  CLI::App* inspect = x12->add_subcommand(
      "inspect", "Show delimiters, interchanges, groups, transaction sets and findings");
  inspect->add_option("files", flags->files, "X12 files ('-' = standard input)")->required();
  inspect->add_flag("--json", flags->json_output, "Print JSON instead of text");
  AddCommonFlags(inspect, flags.get());
  inspect->callback([flags, exit_code] { *exit_code = RunInspect(*flags); });

  CLI::App* to_json = x12->add_subcommand(
      "to-json", "Print the envelope/segment tree as JSON (shape: docs/x12-json.md)");
  to_json->add_option("file", flags->files, "X12 file ('-' = standard input)")
      ->required()
      ->expected(1);
  AddCommonFlags(to_json, flags.get());
  to_json->callback([flags, exit_code] { *exit_code = RunToJson(*flags); });

  CLI::App* validate =
      x12->add_subcommand("validate", "Check X12 files; exit 0 clean, 1 findings, 2 unreadable");
  validate->add_option("files", flags->files, "X12 files ('-' = standard input)")->required();
  validate->add_flag("--json", flags->json_output, "Print findings as JSON");
  validate->add_option("--ack", flags->ack, "Also write the acknowledgment: 999 or ta1")
      ->check(CLI::IsMember({"999", "ta1"}));
  validate->add_option("--ack-out", flags->ack_out,
                       "File for the acknowledgment (default: standard output; findings then go "
                       "to standard error)");
  validate->add_option("--ack-control-number", flags->ack_control_number,
                       "ISA13/GS06 of the acknowledgment (default 1)");
  AddCommonFlags(validate, flags.get());
  validate->callback([flags, exit_code] { *exit_code = RunValidate(*flags); });
}

}  // namespace claimgate::cli
