// The store's files are private whatever the umask: the directory it creates is 0700, the
// database, -wal and -shm are 0600, and files an older claimgate left readable are narrowed.
#include "src/store/store_files.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdio>
#include <filesystem>

#include "tests/store/store_test_util.hpp"

namespace claimgate::store {
namespace {

using testing::Insert;
using testing::MakeTenant;
using testing::OpenStore;
using testing::SyntheticClaim;
using testing::TempDir;

// Sets the process umask for the test's duration.
class ScopedUmask {
 public:
  explicit ScopedUmask(mode_t mask) : old_(::umask(mask)) {}
  ~ScopedUmask() { ::umask(old_); }

 private:
  mode_t old_;
};

// The permission bits of `path`, or -1 when it does not exist.
int Mode(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return -1;
  return static_cast<int>(st.st_mode & 07777);
}

class StoreFileModes : public ::testing::TestWithParam<mode_t> {};

TEST_P(StoreFileModes, DatabaseWalAndShmAre0600AndANewDirectory0700) {
  ScopedUmask mask(GetParam());
  TempDir dir;
  const std::string path = dir.File("var/claimgate.db");
  auto store = OpenStore(path);
  ASSERT_TRUE(store);
  // A committed write: the write-ahead log and the shared-memory index exist while it is open.
  ASSERT_TRUE(Insert(*store, SyntheticClaim(MakeTenant(*store, "T").id, "PCN1")));
  ASSERT_TRUE(std::filesystem::exists(path + "-wal"));
  ASSERT_TRUE(std::filesystem::exists(path + "-shm"));
  EXPECT_EQ(Mode(dir.File("var")), 0700);
  EXPECT_EQ(Mode(path), 0600);
  EXPECT_EQ(Mode(path + "-wal"), 0600);
  EXPECT_EQ(Mode(path + "-shm"), 0600);
}

INSTANTIATE_TEST_SUITE_P(Umasks, StoreFileModes, ::testing::Values(022, 002, 0),
                         [](const ::testing::TestParamInfo<mode_t>& param) {
                           char name[16];
                           std::snprintf(name, sizeof name, "umask%03o", param.param);
                           return std::string(name);
                         });

TEST(StoreFiles, FilesLeftReadableByOthersAreMadePrivateAtOpen) {
  ScopedUmask mask(022);
  TempDir dir;
  std::filesystem::permissions(dir.path(), std::filesystem::perms(0755));
  const std::string path = dir.File("claimgate.db");
  // As an older claimgate left them: SQLite's default 0644 for the file, its log and index,
  // held open (a second process) so that the -wal and -shm stay.
  auto old = Db::Open(path, true, false, 1000);
  ASSERT_TRUE(old);
  ASSERT_TRUE((*old)->Exec("CREATE TABLE t(x); INSERT INTO t VALUES (1);"));
  ASSERT_EQ(Mode(path), 0644);
  ASSERT_EQ(Mode(path + "-wal"), 0644);
  ASSERT_EQ(Mode(path + "-shm"), 0644);

  auto store = OpenStore(path);
  ASSERT_TRUE(store);
  EXPECT_EQ(Mode(path), 0600);
  EXPECT_EQ(Mode(path + "-wal"), 0600);
  EXPECT_EQ(Mode(path + "-shm"), 0600);
  // An existing directory is the operator's (deploy/run makes var/ 0700): left as it is.
  EXPECT_EQ(Mode(dir.path().string()), 0755);
}

TEST(StoreFiles, AnUncreatableDirectoryFailsNamingThePath) {
  TempDir dir;
  const std::string blocker = dir.File("file");
  std::FILE* f = std::fopen(blocker.c_str(), "w");
  ASSERT_NE(f, nullptr);
  std::fclose(f);
  auto r = MakeStoreFilesPrivate(blocker + "/sub/claimgate.db");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, "store_open_failed");
  EXPECT_NE(r.error().message.find(blocker + "/sub"), std::string::npos) << r.error().message;
}

}  // namespace
}  // namespace claimgate::store
