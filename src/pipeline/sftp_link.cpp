// SftpLink: PayerLink over transport::SftpClient. One session per payer worker, opened lazily and
// closed after any connection-level failure so the next call reconnects. Upload commits by rename
// (SftpClient::Upload), so a drop during Upload is kUnknown and is resolved by CheckDelivery.
// Responses: one listing per pass, then one download per FetchNext (one file in memory).
#include <algorithm>
#include <deque>
#include <optional>
#include <set>

#include "spdlog/spdlog.h"
#include "src/pipeline/payer_link.hpp"
#include "src/transport/sftp_client.hpp"

namespace claimgate::pipeline {
namespace {

using transport::SftpErrorKind;

constexpr uint64_t kMaxResponseBytes = 256ull << 20;

bool IsConnectionLoss(SftpErrorKind kind) {
  return kind == SftpErrorKind::kConnect || kind == SftpErrorKind::kTimeout ||
         kind == SftpErrorKind::kProtocol;
}

std::string JoinPath(const std::string& dir, const std::string& name) {
  if (dir.empty() || dir == ".") return name;
  return dir.back() == '/' ? dir + name : dir + "/" + name;
}

std::string BaseName(const std::string& path) {
  auto slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

class SftpLink : public PayerLink {
 public:
  SftpLink(const core::PayerConfig& payer, transport::SftpOptions options)
      : payer_(payer), options_(std::move(options)) {}

  ConnectResult Connect() override {
    ConnectResult r;
    if (client_ && client_->connected()) {
      r.ok = true;
      return r;
    }
    client_ = std::make_unique<transport::SftpClient>(options_);
    auto c = client_->Connect();
    if (c) {
      r.ok = true;
      return r;
    }
    SftpErrorKind kind = transport::SftpErrorKindOf(c.error());
    r.blocked = kind == SftpErrorKind::kHostKey;
    r.reason = c.error().code + ": " + c.error().message;
    client_.reset();
    return r;
  }

  bool connected() const override { return client_ && client_->connected(); }

  SendResult Send(const OutboundFile& file) override {
    SendResult r;
    ConnectResult c = Connect();
    if (!c.ok) {
      r.kind = SendResult::Kind::kFailed;
      r.retryable = !c.blocked;
      r.blocked = c.blocked;
      r.reason = c.reason;
      return r;
    }
    auto up = client_->Upload(payer_.sftp.upload_dir, file.file_name, file.bytes);
    if (up) {
      r.kind = SendResult::Kind::kDelivered;
      r.reason = up->already_delivered ? "already delivered" : "";
      return r;
    }
    SftpErrorKind kind = transport::SftpErrorKindOf(up.error());
    r.reason = up.error().code + ": " + up.error().message;
    if (IsConnectionLoss(kind)) {
      // The rename may or may not have happened before the drop.
      r.kind = SendResult::Kind::kUnknown;
      Close();
      return r;
    }
    r.kind = SendResult::Kind::kFailed;
    r.retryable = kind != SftpErrorKind::kExists && kind != SftpErrorKind::kInvalid &&
                  kind != SftpErrorKind::kTooLarge;
    return r;
  }

  ResolveResult Resolve(const OutboundFile& file) override {
    ResolveResult r;
    ConnectResult c = Connect();
    if (!c.ok) {
      r.kind = ResolveResult::Kind::kError;
      r.blocked = c.blocked;
      r.reason = c.reason;
      return r;
    }
    auto state = client_->CheckDelivery(payer_.sftp.upload_dir, file.file_name, file.bytes.size());
    if (!state) {
      r.kind = ResolveResult::Kind::kError;
      r.reason = state.error().code + ": " + state.error().message;
      if (IsConnectionLoss(transport::SftpErrorKindOf(state.error()))) Close();
      return r;
    }
    switch (*state) {
      case transport::DeliveryState::kDelivered:
        r.kind = ResolveResult::Kind::kDelivered;
        break;
      case transport::DeliveryState::kAbsent:
        r.kind = ResolveResult::Kind::kAbsent;
        break;
      case transport::DeliveryState::kConflict:
        r.kind = ResolveResult::Kind::kConflict;
        r.reason = "a file of another size is under the final name";
        break;
    }
    return r;
  }

  edi::Result<std::optional<ResponseFile>> FetchNext() override {
    ConnectResult c = Connect();
    if (!c.ok) {
      pass_.reset();
      return edi::Error{"sftp_connect", c.reason};
    }
    if (!pass_) {
      auto listed = ListResponses();
      if (!listed) return Fail(listed.error());  // no pass: the next call lists again
      pass_ = std::move(*listed);
    }
    while (!pass_->empty()) {
      std::string path = std::move(pass_->front());
      pass_->pop_front();
      if (kept_.count(path) != 0) continue;  // after_download = keep: imported already
      auto bytes = client_->Download(path, kMaxResponseBytes);
      if (!bytes) {
        pass_.reset();  // the next call lists again
        return Fail(bytes.error());
      }
      return std::optional<ResponseFile>(ResponseFile{path, std::move(*bytes)});
    }
    pass_.reset();  // the next call lists again
    return std::optional<ResponseFile>();
  }

  edi::Result<void> Done(const std::string& name) override {
    switch (payer_.sftp.after_download) {
      case core::AfterDownload::kKeep:
        kept_.insert(name);
        return {};
      case core::AfterDownload::kDelete:
        break;
      case core::AfterDownload::kMove: {
        if (!client_ || !client_->connected()) return edi::Error{"sftp_connect", "not connected"};
        std::string to = JoinPath(payer_.sftp.after_download_dir, BaseName(name));
        auto moved = client_->Rename(name, to);
        if (moved) return {};
        // A file of that name was moved before (the same response twice): the import is
        // durable, so the copy at the source can go.
        auto exists = client_->Exists(to);
        if (!exists || !*exists) return Fail(moved.error());
        break;
      }
    }
    if (!client_ || !client_->connected()) return edi::Error{"sftp_connect", "not connected"};
    auto removed = client_->Remove(name);
    if (!removed) return Fail(removed.error());
    return {};
  }

  void Close() override {
    pass_.reset();
    if (client_) client_->Close();
    client_.reset();
  }

 private:
  edi::Error Fail(const edi::Error& error) {
    if (IsConnectionLoss(transport::SftpErrorKindOf(error))) Close();
    return error;
  }

  // The response files of every response dir: final names only, oldest first (then by name),
  // so a 999 written before its 277CA is imported before it.
  edi::Result<std::deque<std::string>> ListResponses() {
    std::deque<std::string> out;
    for (const std::string& dir : payer_.sftp.response_dirs) {
      auto entries = client_->List(dir);
      if (!entries) return entries.error();
      std::sort(entries->begin(), entries->end(), [](const auto& a, const auto& b) {
        return a.stat.mtime != b.stat.mtime ? a.stat.mtime < b.stat.mtime : a.name < b.name;
      });
      for (const auto& e : *entries) {
        if (e.stat.is_directory || e.name.empty() || e.name[0] == '.') continue;
        if (e.name.size() >= 5 && e.name.compare(e.name.size() - 5, 5, ".part") == 0) continue;
        out.push_back(JoinPath(dir, e.name));
      }
    }
    return out;
  }

  core::PayerConfig payer_;
  transport::SftpOptions options_;
  std::unique_ptr<transport::SftpClient> client_;
  std::set<std::string> kept_;
  std::optional<std::deque<std::string>> pass_;  // names listed for the pass under way
};

}  // namespace

edi::Result<std::unique_ptr<PayerLink>> MakeSftpLink(const core::PayerConfig& payer) {
  const core::SftpTransportConfig& s = payer.sftp;
  transport::SftpOptions o;
  o.host = s.host;
  o.port = s.port;
  o.user = s.user;
  o.host_key_sha256 = s.host_key_fingerprint;
  if (s.key.kind != core::SecretRef::Kind::kFile) {
    return edi::Error{"config", payer.source +
                                    ": transport.sftp.key_file: the SFTP key must be a file "
                                    "reference (file:PATH)"};
  }
  o.private_key_file = s.key.location;
  return std::unique_ptr<PayerLink>(std::make_unique<SftpLink>(payer, std::move(o)));
}

edi::Result<std::unique_ptr<PayerLink>> MakePayerLink(const core::PayerConfig& payer) {
  return payer.transport == core::TransportKind::kSftp ? MakeSftpLink(payer) : MakeCoreLink(payer);
}

}  // namespace claimgate::pipeline
