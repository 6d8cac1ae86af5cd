// SftpClient operations over the non-blocking libssh2 session driven in sftp_session.cpp.
#include "src/transport/sftp_client.hpp"

#include <cstring>

#include "src/transport/sftp_session.hpp"

namespace claimgate::transport {

namespace {

SftpStat ToStat(const LIBSSH2_SFTP_ATTRIBUTES& a) {
  SftpStat s;
  if (a.flags & LIBSSH2_SFTP_ATTR_SIZE) s.size = a.filesize;
  if (a.flags & LIBSSH2_SFTP_ATTR_PERMISSIONS) {
    s.permissions = static_cast<uint32_t>(a.permissions);
    s.is_directory = LIBSSH2_SFTP_S_ISDIR(a.permissions);
  }
  if (a.flags & LIBSSH2_SFTP_ATTR_ACMODTIME) s.mtime = a.mtime;
  return s;
}

bool PlainName(const std::string& n) {
  return !n.empty() && n != "." && n != ".." && n.find('/') == std::string::npos &&
         n.find('\0') == std::string::npos;
}

std::string Join(const std::string& dir, const std::string& name) {
  if (dir.empty()) return name;
  return dir.back() == '/' ? dir + name : dir + "/" + name;
}

// Opens a file or directory handle, driving EAGAIN; nullptr with `err` set on failure.
LIBSSH2_SFTP_HANDLE* OpenHandle(SftpClient::Impl& im, const std::string& op,
                                const std::string& path, unsigned long flags, long mode, int type,
                                Clock::time_point deadline, edi::Error* err) {
  LIBSSH2_SFTP_HANDLE* h = nullptr;
  auto r = im.Drive(op, path, deadline, [&] {
    h = libssh2_sftp_open_ex(im.sftp, path.c_str(), static_cast<unsigned>(path.size()), flags, mode,
                             type);
    return h ? 0 : libssh2_session_last_errno(im.session);
  });
  if (!r) *err = r.error();
  return r ? h : nullptr;
}

void CloseHandle(SftpClient::Impl& im, LIBSSH2_SFTP_HANDLE* h, Clock::time_point deadline) {
  if (!h || !im.session) return;
  (void)im.Drive("close", "", deadline, [&] { return libssh2_sftp_close_handle(h); });
}

}  // namespace

SftpClient::SftpClient(SftpOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {}
SftpClient::~SftpClient() = default;

bool SftpClient::connected() const { return impl_->sftp != nullptr; }
void SftpClient::Close() { impl_->Close(); }

edi::Result<void> SftpClient::Connect() {
  EnsureLibssh2Init();
  Impl& im = *impl_;
  im.Close();
  const SftpOptions& o = im.options;
  if (o.host_key_sha256.empty()) {
    return im.Fail(SftpErrorKind::kInvalid, "connect", "no pinned host key fingerprint");
  }
  auto deadline = Clock::now() + o.connect_timeout;
  if (auto r = im.TcpConnect(deadline); !r) return r.error();
  im.session = libssh2_session_init();
  if (!im.session) return im.Fail(SftpErrorKind::kProtocol, "connect", "session init failed");
  libssh2_session_set_blocking(im.session, 0);
  int fd = im.socket.native_handle();
  if (auto r = im.Drive("handshake", "", deadline,
                        [&] { return libssh2_session_handshake(im.session, fd); });
      !r) {
    im.Close();
    return r.error();
  }
  const char* hash = libssh2_hostkey_hash(im.session, LIBSSH2_HOSTKEY_HASH_SHA256);
  seen_host_key_ = hash ? OpenSshSha256Fingerprint(std::string_view(hash, 32)) : "";
  if (seen_host_key_.empty() || seen_host_key_ != o.host_key_sha256) {
    im.Close();
    return im.Fail(SftpErrorKind::kHostKey, "host key check",
                   "server key " + (seen_host_key_.empty() ? "unknown" : seen_host_key_) +
                       " does not match the pinned " + o.host_key_sha256);
  }
  auto auth = im.Drive("auth", "", deadline, [&] {
    return libssh2_userauth_publickey_fromfile_ex(
        im.session, o.user.c_str(), static_cast<unsigned>(o.user.size()),
        o.public_key_file.empty() ? nullptr : o.public_key_file.c_str(), o.private_key_file.c_str(),
        o.passphrase.empty() ? nullptr : o.passphrase.c_str());
  });
  if (!auth) {
    edi::Error e =
        SftpErrorKindOf(auth.error()) == SftpErrorKind::kTimeout ||
                SftpErrorKindOf(auth.error()) == SftpErrorKind::kConnect
            ? auth.error()
            : im.Fail(SftpErrorKind::kAuth, "auth", "key authentication failed for user " + o.user);
    im.Close();
    return e;
  }
  if (o.keepalive_interval_s > 0) {
    libssh2_keepalive_config(im.session, 1, static_cast<unsigned>(o.keepalive_interval_s));
  }
  auto sftp = im.Drive("sftp init", "", deadline, [&] {
    im.sftp = libssh2_sftp_init(im.session);
    return im.sftp ? 0 : libssh2_session_last_errno(im.session);
  });
  if (!sftp) {
    im.Close();
    return sftp.error();
  }
  return {};
}

edi::Result<void> SftpClient::KeepAlive() {
  Impl& im = *impl_;
  if (!im.session) return im.Fail(SftpErrorKind::kConnect, "keepalive", "not connected");
  int next = 0;
  auto r = im.Drive("keepalive", "", Clock::now() + im.options.op_timeout,
                    [&] { return libssh2_keepalive_send(im.session, &next); });
  if (!r) return r.error();
  return {};
}

edi::Result<std::optional<SftpStat>> SftpClient::Stat(const std::string& path) {
  Impl& im = *impl_;
  if (!im.sftp) return im.Fail(SftpErrorKind::kConnect, "stat", "not connected");
  LIBSSH2_SFTP_ATTRIBUTES attrs{};
  auto r = im.Drive("stat", path, Clock::now() + im.options.op_timeout, [&] {
    return libssh2_sftp_stat_ex(im.sftp, path.c_str(), static_cast<unsigned>(path.size()),
                                LIBSSH2_SFTP_STAT, &attrs);
  });
  if (!r) {
    if (SftpErrorKindOf(r.error()) == SftpErrorKind::kRemote &&
        im.SftpLastError() == LIBSSH2_FX_NO_SUCH_FILE) {
      return std::optional<SftpStat>();
    }
    return r.error();
  }
  return std::optional<SftpStat>(ToStat(attrs));
}

edi::Result<bool> SftpClient::Exists(const std::string& path) {
  auto s = Stat(path);
  if (!s) return s.error();
  return s->has_value();
}

edi::Result<DeliveryState> SftpClient::CheckDelivery(const std::string& remote_dir,
                                                     const std::string& final_name, uint64_t size) {
  auto s = Stat(Join(remote_dir, final_name));
  if (!s) return s.error();
  if (!s->has_value()) return DeliveryState::kAbsent;
  return (*s)->size == size ? DeliveryState::kDelivered : DeliveryState::kConflict;
}

edi::Result<UploadReport> SftpClient::Upload(const std::string& remote_dir,
                                             const std::string& final_name,
                                             std::string_view bytes) {
  Impl& im = *impl_;
  if (!PlainName(final_name)) {
    return im.Fail(SftpErrorKind::kInvalid, "upload", "final name is not a plain file name");
  }
  if (!im.sftp) return im.Fail(SftpErrorKind::kConnect, "upload", "not connected");
  const std::string final_path = Join(remote_dir, final_name);
  const std::string part_path = Join(remote_dir, "." + final_name + ".part");
  UploadReport report;
  report.bytes = bytes.size();
  auto before = CheckDelivery(remote_dir, final_name, bytes.size());
  if (!before) return before.error();
  if (*before == DeliveryState::kDelivered) {
    report.already_delivered = true;
    return report;
  }
  if (*before == DeliveryState::kConflict) {
    return im.Fail(SftpErrorKind::kExists, "upload",
                   "a file of another size already exists as " + final_path);
  }
  auto deadline = Clock::now() + im.options.upload_timeout;
  edi::Error err;
  LIBSSH2_SFTP_HANDLE* h = OpenHandle(
      im, "upload open", part_path, LIBSSH2_FXF_WRITE | LIBSSH2_FXF_CREAT | LIBSSH2_FXF_TRUNC,
      LIBSSH2_SFTP_S_IRUSR | LIBSSH2_SFTP_S_IWUSR | LIBSSH2_SFTP_S_IRGRP, LIBSSH2_SFTP_OPENFILE,
      deadline, &err);
  if (!h) return err;
  size_t done = 0;
  while (done < bytes.size()) {
    auto w = im.Drive("upload write", part_path, deadline, [&] {
      return static_cast<int>(libssh2_sftp_write(h, bytes.data() + done,
                                                 std::min<size_t>(bytes.size() - done, 1 << 20)));
    });
    if (!w) {  // the .part stays; a retry truncates it
      if (im.sftp) CloseHandle(im, h, deadline);
      return w.error();
    }
    done += static_cast<size_t>(*w);
  }
  auto fs = im.Drive("upload fsync", part_path, deadline, [&] { return libssh2_sftp_fsync(h); });
  report.fsynced = static_cast<bool>(fs);  // an unsupported fsync is not a failure
  if (!fs && SftpErrorKindOf(fs.error()) != SftpErrorKind::kRemote) return fs.error();
  CloseHandle(im, h, deadline);
  if (!im.sftp) return im.Fail(SftpErrorKind::kConnect, "upload close", "connection lost");
  auto st = Stat(part_path);
  if (!st) return st.error();
  if (!st->has_value() || (*st)->size != bytes.size()) {
    (void)Remove(part_path);
    return im.Fail(
        SftpErrorKind::kProtocol, "upload verify",
        "temporary file size differs from the " + std::to_string(bytes.size()) + " bytes sent");
  }
  auto rn = Rename(part_path, final_path);
  if (!rn) {
    if (SftpErrorKindOf(rn.error()) != SftpErrorKind::kRemote) return rn.error();
    // Someone else may have delivered the same name meanwhile.
    auto after = CheckDelivery(remote_dir, final_name, bytes.size());
    (void)Remove(part_path);
    if (after && *after == DeliveryState::kDelivered) {
      report.already_delivered = true;
      return report;
    }
    if (after && *after == DeliveryState::kConflict) {
      return im.Fail(SftpErrorKind::kExists, "upload rename",
                     "a file of another size appeared as " + final_path);
    }
    return rn.error();
  }
  return report;
}

edi::Result<std::vector<SftpEntry>> SftpClient::List(const std::string& dir) {
  Impl& im = *impl_;
  if (!im.sftp) return im.Fail(SftpErrorKind::kConnect, "list", "not connected");
  auto deadline = Clock::now() + im.options.op_timeout;
  edi::Error err;
  LIBSSH2_SFTP_HANDLE* h =
      OpenHandle(im, "list open", dir, 0, 0, LIBSSH2_SFTP_OPENDIR, deadline, &err);
  if (!h) return err;
  std::vector<SftpEntry> out;
  char name[1024];
  for (;;) {
    LIBSSH2_SFTP_ATTRIBUTES attrs{};
    auto r = im.Drive("list read", dir, deadline,
                      [&] { return libssh2_sftp_readdir(h, name, sizeof(name), &attrs); });
    if (!r) return r.error();
    if (*r == 0) break;
    std::string n(name, static_cast<size_t>(*r));
    if (n == "." || n == "..") continue;
    out.push_back(SftpEntry{std::move(n), ToStat(attrs)});
  }
  CloseHandle(im, h, deadline);
  return out;
}

edi::Result<std::string> SftpClient::Download(const std::string& path, uint64_t max_bytes) {
  Impl& im = *impl_;
  auto st = Stat(path);
  if (!st) return st.error();
  if (!st->has_value()) return im.Fail(SftpErrorKind::kRemote, "download", "no such file " + path);
  if ((*st)->size > max_bytes) {
    return im.Fail(
        SftpErrorKind::kTooLarge, "download",
        path + " is " + std::to_string((*st)->size) + " bytes, limit " + std::to_string(max_bytes));
  }
  auto deadline = Clock::now() + im.options.op_timeout;
  edi::Error err;
  LIBSSH2_SFTP_HANDLE* h = OpenHandle(im, "download open", path, LIBSSH2_FXF_READ, 0,
                                      LIBSSH2_SFTP_OPENFILE, deadline, &err);
  if (!h) return err;
  std::string out;
  std::string buf(64 * 1024, '\0');
  for (;;) {
    auto r = im.Drive("download read", path, deadline, [&] {
      return static_cast<int>(libssh2_sftp_read(h, buf.data(), buf.size()));
    });
    if (!r) return r.error();
    if (*r == 0) break;
    if (out.size() + static_cast<size_t>(*r) > max_bytes) {  // the file grew since the stat
      CloseHandle(im, h, deadline);
      return im.Fail(SftpErrorKind::kTooLarge, "download",
                     path + " exceeds the limit of " + std::to_string(max_bytes) + " bytes");
    }
    out.append(buf.data(), static_cast<size_t>(*r));
  }
  CloseHandle(im, h, deadline);
  return out;
}

edi::Result<void> SftpClient::Remove(const std::string& path) {
  Impl& im = *impl_;
  if (!im.sftp) return im.Fail(SftpErrorKind::kConnect, "remove", "not connected");
  auto r = im.Drive("remove", path, Clock::now() + im.options.op_timeout, [&] {
    return libssh2_sftp_unlink_ex(im.sftp, path.c_str(), static_cast<unsigned>(path.size()));
  });
  if (!r) return r.error();
  return {};
}

edi::Result<void> SftpClient::Rename(const std::string& from, const std::string& to) {
  Impl& im = *impl_;
  if (!im.sftp) return im.Fail(SftpErrorKind::kConnect, "rename", "not connected");
  auto r = im.Drive("rename", from + " -> " + to, Clock::now() + im.options.op_timeout, [&] {
    return libssh2_sftp_rename_ex(im.sftp, from.c_str(), static_cast<unsigned>(from.size()),
                                  to.c_str(), static_cast<unsigned>(to.size()),
                                  LIBSSH2_SFTP_RENAME_ATOMIC | LIBSSH2_SFTP_RENAME_NATIVE);
  });
  if (!r) return r.error();
  return {};
}

}  // namespace claimgate::transport
