// The three response commands share one reading loop (reader + envelope checker + a record
// reader) and one exit-code rule; each prints as records arrive so a large file never sits in
// memory. The layouts are in response_json.cpp and response_text.cpp.
#include "src/cli/response_commands.hpp"

#include <CLI/CLI.hpp>
#include <functional>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "edi/byte_source.hpp"
#include "edi/envelope.hpp"
#include "edi/hipaa/ack_records.hpp"
#include "edi/hipaa/claim_status.hpp"
#include "edi/hipaa/remittance.hpp"
#include "edi/segment_reader.hpp"
#include "src/cli/response_print.hpp"

namespace claimgate::cli {
namespace {

using nlohmann::json;
using response::Dump;

struct ResponseFlags {
  std::string file;
  bool json_output = false;
  bool csv_output = false;
};

// What reading one file gave: envelope findings, record findings, and whether it was readable.
struct Outcome {
  edi::DiagnosticList diags;
  std::vector<edi::hipaa::Finding> findings;
  std::optional<std::string> unreadable;
  bool record_errors = false;  // error findings printed with their records (remit)

  int ExitCode() const {
    if (unreadable) return 2;
    if (diags.errors() > 0 || record_errors) return 1;
    for (const auto& f : findings) {
      if (f.severity == edi::Severity::kError) return 1;
    }
    return 0;
  }
};

void ReadX12(const std::string& path, Outcome* out,
             const std::function<void(const edi::Segment&)>& each) {
  auto source = edi::FileSource::Open(path);
  if (!source) {
    out->unreadable = source.error().message;
    return;
  }
  edi::SegmentReader reader(**source, out->diags);
  edi::EnvelopeChecker envelope(out->diags, edi::EnvelopeOptions{.keep_summaries = false});
  edi::Segment segment;
  while (reader.Next(&segment)) {
    envelope.Add(segment, reader.header());
    each(segment);
  }
  envelope.Finish();
  if (reader.io_error()) {
    out->unreadable = reader.io_error()->message;
  } else if (reader.fatal()) {
    out->unreadable = "the file cannot be read as X12 (see the findings)";
  }
}

json EnvelopeFindingsJson(const edi::DiagnosticList& diags) {
  json a = json::array();
  for (const auto& d : diags.items()) {
    json j = {{"severity", edi::SeverityName(d.severity)},
              {"code", edi::DiagCodeName(d.code)},
              {"message", d.message},
              {"segment", d.pos.segment},
              {"segmentId", d.segment_id}};
    if (d.pos.element != 0) j["element"] = d.pos.element;
    a.push_back(std::move(j));
  }
  return a;
}

json OutcomeFindingsJson(const Outcome& o) {
  json a = EnvelopeFindingsJson(o.diags);
  for (const auto& f : o.findings) a.push_back(response::FindingJson(f));
  return a;
}

void PrintOutcome(const std::string& path, const Outcome& o) {
  for (const auto& d : o.diags.items()) {
    std::cout << "  " << edi::SeverityName(d.severity) << " [" << edi::DiagCodeName(d.code) << "] "
              << edi::DescribePosition(d.pos, d.segment_id) << ": " << d.message << "\n";
  }
  for (const auto& f : o.findings) response::PrintFinding(f, "  ");
  if (o.unreadable) std::cout << path << ": unreadable: " << *o.unreadable << "\n";
}

// Closes the JSON document (findings, unreadable) or prints the findings; returns the exit code.
int Finish(const ResponseFlags& f, const Outcome& outcome) {
  if (f.json_output) {
    std::cout << "\n], \"findings\": " << Dump(OutcomeFindingsJson(outcome));
    if (outcome.unreadable) std::cout << ", \"unreadable\": " << Dump(*outcome.unreadable);
    std::cout << "}\n";
  } else {
    PrintOutcome(f.file, outcome);
  }
  return outcome.ExitCode();
}

// ---- remit -----------------------------------------------------------------------------------

int RunRemit(const ResponseFlags& f) {
  Outcome outcome;
  edi::hipaa::RemittanceOptions options;
  options.keep_claims = f.json_output;
  bool first = true;
  bool header_printed = false;
  if (f.json_output) std::cout << "{\"file\": " << Dump(f.file) << ", \"remittances\": [";
  if (f.csv_output) {
    response::CsvHeader();
  }
  edi::hipaa::RemittanceReader reader(
      [&](edi::hipaa::Remittance&& r) {
        for (const auto& x : r.findings) {
          outcome.record_errors |= x.severity == edi::Severity::kError;
        }
        if (f.json_output) {
          std::cout << (first ? "\n" : ",\n") << Dump(response::RemittanceJson(r));
        } else if (!f.csv_output) {
          if (!header_printed) response::PrintRemittanceHeader(r);
          response::PrintRemittanceFooter(r);
        }
        first = false;
        header_printed = false;
      },
      [&](const edi::hipaa::Remittance& r, const edi::hipaa::ClaimPayment& c) {
        if (f.json_output) return;
        if (f.csv_output) return response::PrintClaimCsv(r, c);
        if (!header_printed) response::PrintRemittanceHeader(r);
        header_printed = true;
        response::PrintClaimText(c);
      },
      options);
  ReadX12(f.file, &outcome, [&](const edi::Segment& s) { reader.Add(s); });
  reader.Finish();
  if (f.json_output) {
    // Balancing findings are inside each remittance; the file-level list has the reader's and
    // the envelope checker's.
    std::cout << "\n], \"findings\": " << Dump(EnvelopeFindingsJson(outcome.diags));
    if (outcome.unreadable) std::cout << ", \"unreadable\": " << Dump(*outcome.unreadable);
    std::cout << "}\n";
  } else if (!f.csv_output) {
    PrintOutcome(f.file, outcome);
  } else if (outcome.unreadable) {
    std::cerr << f.file << ": unreadable: " << *outcome.unreadable << "\n";
  }
  return outcome.ExitCode();
}

// ---- status ----------------------------------------------------------------------------------

int RunStatus(const ResponseFlags& f) {
  Outcome outcome;
  bool first = true;
  if (f.json_output) std::cout << "{\"file\": " << Dump(f.file) << ", \"records\": [";
  edi::hipaa::ClaimStatusReader reader([&](edi::hipaa::StatusRecord&& r) {
    if (f.json_output) {
      std::cout << (first ? "\n" : ",\n") << Dump(response::StatusJson(r));
    } else {
      response::PrintStatusText(r);
    }
    first = false;
  });
  ReadX12(f.file, &outcome, [&](const edi::Segment& s) { reader.Add(s); });
  reader.Finish();
  outcome.findings = reader.findings();
  return Finish(f, outcome);
}

// ---- ack -------------------------------------------------------------------------------------

int RunAck(const ResponseFlags& f) {
  Outcome outcome;
  bool first = true;
  if (f.json_output) std::cout << "{\"file\": " << Dump(f.file) << ", \"acknowledgments\": [";
  auto emit = [&](const json& j) {
    std::cout << (first ? "\n" : ",\n") << Dump(j);
    first = false;
  };
  edi::hipaa::AckReader reader(
      [&](edi::hipaa::AckRecord&& a) {
        if (f.json_output) return emit(response::AckJson(a));
        response::PrintAckText(a);
      },
      [&](edi::hipaa::InterchangeAck&& t) {
        if (f.json_output) return emit(response::Ta1Json(t));
        response::PrintTa1Text(t);
      });
  ReadX12(f.file, &outcome, [&](const edi::Segment& s) { reader.Add(s); });
  reader.Finish();
  outcome.findings = reader.findings();
  return Finish(f, outcome);
}

}  // namespace

void AddResponseCommands(CLI::App& app, int* exit_code) {
  auto flags = std::make_shared<ResponseFlags>();

  CLI::App* remit = app.add_subcommand(
      "remit", "Read an 835 remittance: payments, claims, lines, adjustments, balancing");
  remit->add_option("file", flags->file, "835 file ('-' = standard input)")->required();
  auto* json_flag = remit->add_flag("--json", flags->json_output, "Print JSON records");
  remit->add_flag("--csv", flags->csv_output, "Print CSV, one row per service line adjustment")
      ->excludes(json_flag);
  remit->callback([flags, exit_code] { *exit_code = RunRemit(*flags); });

  CLI::App* status = app.add_subcommand(
      "status", "Read a 277CA or 277: claim and line statuses with their meanings");
  status->add_option("file", flags->file, "277 file ('-' = standard input)")->required();
  status->add_flag("--json", flags->json_output, "Print JSON records");
  status->callback([flags, exit_code] { *exit_code = RunStatus(*flags); });

  CLI::App* ack =
      app.add_subcommand("ack", "Read a 999 or TA1 acknowledgment: outcomes and each error");
  ack->add_option("file", flags->file, "999 or TA1 file ('-' = standard input)")->required();
  ack->add_flag("--json", flags->json_output, "Print JSON records");
  ack->callback([flags, exit_code] { *exit_code = RunAck(*flags); });
}

}  // namespace claimgate::cli
