#include "src/sim/state.hpp"

#include <algorithm>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "src/transport/core_envelope.hpp"

namespace claimgate::sim {
namespace fs = std::filesystem;

namespace {

std::optional<ResponseKind> KindFromName(std::string_view name) {
  for (ResponseKind k :
       {ResponseKind::kTa1, ResponseKind::k999, ResponseKind::k277ca, ResponseKind::k835}) {
    if (name == ResponseKindName(k)) return k;
  }
  return std::nullopt;
}

// Writes `bytes` to `path` through a temporary name in the same directory.
bool WriteAtomically(const std::string& path, std::string_view bytes) {
  fs::path p(path);
  fs::path tmp = p.parent_path() / ("." + p.filename().string() + ".tmp");
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out.flush()) return false;
  }
  std::error_code ec;
  fs::rename(tmp, p, ec);
  return !ec;
}

void NowUtc(std::string* date, std::string* time) {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char d[16], h[8];
  std::strftime(d, sizeof d, "%Y%m%d", &tm);
  std::strftime(h, sizeof h, "%H%M", &tm);
  *date = d;
  *time = h;
}

}  // namespace

State::State(SimConfig config) : config_(std::move(config)) {}

std::int64_t State::NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string State::Dir(const std::string& channel) const {
  return config_.state_dir + "/pending-" + channel;
}

edi::Result<void> State::Open() {
  std::error_code ec;
  for (const std::string& dir : {config_.state_dir, Dir("sftp"), Dir("core")}) {
    fs::create_directories(dir, ec);
    if (ec) return edi::Error{"state", dir + ": cannot create: " + ec.message()};
  }
  std::lock_guard lock(mu_);
  std::ifstream processed(config_.state_dir + "/processed.tsv");
  std::string line;
  while (std::getline(processed, line)) {
    std::istringstream fields(line);
    std::string source, sha, isa13;
    if (!std::getline(fields, source, '\t') || !std::getline(fields, sha, '\t')) continue;
    std::getline(fields, isa13, '\t');
    processed_.insert(source + '\t' + sha);
    ++interchanges_;
    if (!isa13.empty() && ++control_numbers_[isa13] > 1) ++duplicates_;
  }
  std::ifstream known(config_.state_dir + "/claims.tsv");
  while (std::getline(known, line)) {
    if (auto claim = ParseKnownClaim(line)) claims_[claim->patient_control_number] = *claim;
  }
  std::ifstream counter(config_.state_dir + "/control_number");
  if (std::uint64_t n = 0; counter >> n && n > 0) next_control_ = n;
  seq_ = static_cast<std::uint64_t>(NowMs());
  return {};
}

std::uint64_t State::NextControlNumber() {
  std::uint64_t n = next_control_;
  next_control_ = next_control_ >= 999'999'999 ? 1 : next_control_ + 1;
  WriteAtomically(config_.state_dir + "/control_number", std::to_string(next_control_) + "\n");
  return n;
}

edi::Result<bool> State::Receive(const std::string& channel, const std::string& source,
                                 std::string_view bytes) {
  const std::string key = source + '\t' + transport::Sha256Hex(bytes);
  std::lock_guard lock(mu_);
  if (processed_.count(key) != 0) return false;
  AnswerContext context;
  context.next_control_number = [this] { return NextControlNumber(); };
  NowUtc(&context.date, &context.time);
  Answer answer = AnswerInterchange(bytes, config_, context);
  const std::int64_t now = NowMs();
  for (const PlannedResponse& r : answer.responses) {
    char due[32];
    std::snprintf(due, sizeof due, "%013lld-%016llu", static_cast<long long>(now + r.delay_ms),
                  static_cast<unsigned long long>(++seq_));
    std::string path = Dir(channel) + "/" + due + "-" + std::string(ResponseKindName(r.kind)) +
                       "-" + (answer.control_number.empty() ? "0" : answer.control_number) +
                       ".x12";
    if (!WriteAtomically(path, r.bytes)) return edi::Error{"state", path + ": cannot write"};
  }
  if (!RememberClaims(answer, now)) {
    return edi::Error{"state", config_.state_dir + "/claims.tsv: cannot write"};
  }
  std::ofstream processed(config_.state_dir + "/processed.tsv", std::ios::app);
  std::string line = key + '\t' + answer.control_number + '\n';
  processed << line;
  processed.flush();
  if (!processed) return edi::Error{"state", config_.state_dir + "/processed.tsv: cannot write"};
  processed_.insert(key);
  ++interchanges_;
  if (!answer.control_number.empty() && ++control_numbers_[answer.control_number] > 1) {
    ++duplicates_;
  }
  return true;
}

bool State::RememberClaims(const Answer& answer, std::int64_t now_ms) {
  if (answer.decisions.empty()) return true;
  std::int64_t acknowledged = now_ms, adjudicated = 0;
  for (const PlannedResponse& r : answer.responses) {
    if (r.kind == ResponseKind::k277ca) acknowledged = now_ms + r.delay_ms;
    if (r.kind == ResponseKind::k835) adjudicated = now_ms + r.delay_ms;
  }
  std::string lines;
  std::vector<KnownClaim> known;
  for (const ClaimDecision& d : answer.decisions) {
    KnownClaim c;
    c.patient_control_number = d.patient_control_number;
    c.payer_claim_number = d.payer_claim_number;
    c.accepted = d.accepted;
    c.category = d.category;
    c.status = d.status;
    c.entity = d.entity;
    c.charge = d.charge;
    c.paid = d.paid;
    c.clp02 = d.clp02;
    c.received_ms = now_ms;
    c.acknowledged_ms = acknowledged;
    c.adjudicated_ms = d.accepted ? adjudicated : 0;
    lines += FormatKnownClaim(c) + '\n';
    known.push_back(std::move(c));
  }
  std::ofstream out(config_.state_dir + "/claims.tsv", std::ios::app);
  out << lines;
  out.flush();
  if (!out) return false;
  for (KnownClaim& c : known) claims_[c.patient_control_number] = std::move(c);
  return true;
}

std::optional<KnownClaim> State::FindClaim(const std::string& patient_control_number) const {
  std::lock_guard lock(mu_);
  auto it = claims_.find(patient_control_number);
  if (it == claims_.end()) return std::nullopt;
  return it->second;
}

StatusInquiryAnswer State::AnswerRealTime(std::string_view bytes) {
  std::lock_guard lock(mu_);
  AnswerContext context;
  context.next_control_number = [this] { return NextControlNumber(); };
  NowUtc(&context.date, &context.time);
  auto lookup = [this](const std::string& pcn) -> std::optional<KnownClaim> {
    auto it = claims_.find(pcn);  // mu_ is held by AnswerRealTime
    if (it == claims_.end()) return std::nullopt;
    return it->second;
  };
  return AnswerStatusInquiry(bytes, lookup, NowMs(), context);
}

std::vector<OutboxItem> State::Due(const std::string& channel, std::int64_t now_ms,
                                   std::optional<bool> acknowledgments) {
  std::lock_guard lock(mu_);
  std::vector<OutboxItem> items;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(Dir(channel), ec)) {
    const std::string file = entry.path().filename().string();
    if (file.empty() || file[0] == '.') continue;
    // <due>-<seq>-<KIND>-<isa13>.x12
    std::vector<std::string> parts;
    std::istringstream split(file.substr(0, file.size() - 4));
    for (std::string p; std::getline(split, p, '-');) parts.push_back(p);
    if (parts.size() != 4) continue;
    std::optional<ResponseKind> kind = KindFromName(parts[2]);
    if (!kind) continue;
    OutboxItem item;
    item.path = entry.path().string();
    item.kind = *kind;
    item.due_ms = std::stoll(parts[0]);
    item.name = parts[2] + "_" + parts[3] + "_" + parts[1] + ".x12";
    if (item.due_ms > now_ms) continue;
    if (acknowledgments && IsAcknowledgment(item.kind) != *acknowledgments) continue;
    items.push_back(std::move(item));
  }
  std::sort(items.begin(), items.end(),
            [](const OutboxItem& a, const OutboxItem& b) { return a.path < b.path; });
  return items;
}

std::optional<std::string> State::Take(const OutboxItem& item) {
  std::lock_guard lock(mu_);
  std::ifstream in(item.path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream bytes;
  bytes << in.rdbuf();
  in.close();
  std::error_code ec;
  if (!fs::remove(item.path, ec)) return std::nullopt;
  return std::move(bytes).str();
}

std::uint64_t State::interchanges() const {
  std::lock_guard lock(mu_);
  return interchanges_;
}

std::uint64_t State::duplicate_control_numbers() const {
  std::lock_guard lock(mu_);
  return duplicates_;
}

}  // namespace claimgate::sim
