#include "src/sim/responder.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace claimgate::sim {
namespace fs = std::filesystem;

namespace {

bool Skipped(const std::string& name) {
  return name.empty() || name[0] == '.' ||
         (name.size() >= 5 && name.compare(name.size() - 5, 5, ".part") == 0);
}

std::optional<std::string> ReadAll(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return std::move(bytes).str();
}

}  // namespace

FolderResponder::FolderResponder(State& state, std::string inbound, std::string outbound)
    : state_(state), inbound_(std::move(inbound)), outbound_(std::move(outbound)) {
  std::error_code ec;
  fs::create_directories(inbound_, ec);
  fs::create_directories(outbound_, ec);
}

PollReport FolderResponder::Poll() {
  PollReport report;
  std::error_code ec;
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(inbound_, ec)) {
    if (!entry.is_regular_file(ec) || Skipped(entry.path().filename().string())) continue;
    files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  for (const fs::path& file : files) {
    std::optional<std::string> bytes = ReadAll(file);
    if (!bytes) continue;  // renamed or removed meanwhile
    edi::Result<bool> answered = state_.Receive("sftp", file.filename().string(), *bytes);
    if (!answered) {
      report.errors.push_back(answered.error().message);
    } else if (*answered) {
      ++report.received;
    }
  }
  for (const OutboxItem& item : state_.Due("sftp", State::NowMs())) {
    std::optional<std::string> bytes = ReadAll(item.path);
    if (!bytes) continue;
    fs::path tmp = fs::path(outbound_) / ("." + item.name + ".tmp");
    {
      std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
      out << *bytes;
      if (!out.flush()) {
        report.errors.push_back(tmp.string() + ": cannot write");
        continue;
      }
    }
    fs::rename(tmp, fs::path(outbound_) / item.name, ec);
    if (ec) {
      report.errors.push_back(item.name + ": cannot rename: " + ec.message());
      continue;
    }
    state_.Take(item);
    ++report.delivered;
  }
  return report;
}

void FolderResponder::Run(int interval_ms,
                          const std::function<void(const PollReport&)>& on_poll) {
  std::unique_lock lock(mu_);
  while (!stop_) {
    lock.unlock();
    PollReport report = Poll();
    if (on_poll) on_poll(report);
    lock.lock();
    cv_.wait_for(lock, std::chrono::milliseconds(interval_ms), [this] { return stop_; });
  }
}

void FolderResponder::Stop() {
  std::lock_guard lock(mu_);
  stop_ = true;
  cv_.notify_all();
}

}  // namespace claimgate::sim
