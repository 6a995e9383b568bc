#include "lecter/base/file_reading.h"

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <string>

#include "support/common/fifo.h"
#include "support/common/temp_dir.h"

namespace lecter {
namespace {

using testing::TempDir;

constexpr std::size_t kLimit = 64;

TEST(ReadRegularFile, ReadsTheWholeOfARegularFile) {
  TempDir dir;
  const FileRead read = readRegularFile(dir.write("config.yaml", "a: 1\nb: \"\\0\"\n"), kLimit);
  EXPECT_TRUE(read.ok()) << read.error;
  EXPECT_EQ(read.content, "a: 1\nb: \"\\0\"\n");
  EXPECT_EQ(read.error, "");
}

TEST(ReadRegularFile, ReadsAnEmptyFileAndOneOfExactlyTheLimit) {
  TempDir dir;
  EXPECT_EQ(readRegularFile(dir.write("empty", ""), kLimit).status, FileRead::Status::Okay);
  const FileRead full = readRegularFile(dir.write("full", std::string(kLimit, 'x')), kLimit);
  EXPECT_TRUE(full.ok()) << full.error;
  EXPECT_EQ(full.content.size(), kLimit);
}

TEST(ReadRegularFile, ReadsThroughASymlinkAsAConfigMapVolumeHasThem) {
  TempDir dir;
  const std::string target = dir.write("..data/config.yaml", "a: 1\n");
  std::filesystem::create_symlink(target, dir.path() + "/config.yaml");
  EXPECT_EQ(readRegularFile(dir.path() + "/config.yaml", kLimit).content, "a: 1\n");
}

TEST(ReadRegularFile, AFileOverTheLimitIsRefusedWithItsSizeAndTheLimit) {
  TempDir dir;
  const FileRead read = readRegularFile(dir.write("big", std::string(kLimit + 1, 'x')), kLimit);
  EXPECT_EQ(read.status, FileRead::Status::Refused);
  EXPECT_EQ(read.error, "is 65 bytes, more than 64 bytes");
  EXPECT_EQ(read.content, "");
}

TEST(ReadRegularFile, TheLimitIsWrittenInKibOrMibWhenItIsWholeOnes) {
  TempDir dir;
  const std::string path = dir.write("token", std::string(64 * 1024 + 1, 'x'));
  EXPECT_EQ(readRegularFile(path, 64 * 1024).error, "is 65537 bytes, more than 64 KiB");
  EXPECT_EQ(readRegularFile(path, 1024 * 1024).status, FileRead::Status::Okay);
}

TEST(ReadRegularFile, AMissingFileIsNotFound) {
  TempDir dir;
  const FileRead read = readRegularFile(dir.path() + "/absent/config.yaml", kLimit);
  EXPECT_EQ(read.status, FileRead::Status::NotFound);
  EXPECT_EQ(read.error, "cannot open: No such file or directory");
}

TEST(ReadRegularFile, AFifoWithoutAWriterIsRefusedAtOnce) {
  TempDir dir;
  const std::string fifo = dir.path() + "/config.yaml";
  testing::makeFifo(fifo);
  FileRead read;
  EXPECT_TRUE(testing::returnsWithoutAWriter(fifo, [&] { read = readRegularFile(fifo, kLimit); }))
      << "the read waited for a writer";
  EXPECT_EQ(read.status, FileRead::Status::Refused);
  EXPECT_EQ(read.error, "is a FIFO, not a regular file");
}

TEST(ReadRegularFile, ADirectoryIsRefused) {
  TempDir dir;
  EXPECT_EQ(readRegularFile(dir.path(), kLimit).error, "is a directory, not a regular file");
}

TEST(ReadRegularFile, AnEndlessDeviceIsRefusedWithoutReadingIt) {
  const FileRead read = readRegularFile("/dev/zero", kLimit);
  EXPECT_EQ(read.status, FileRead::Status::Refused);
  EXPECT_EQ(read.error, "is a character device, not a regular file");
}

TEST(ReadRegularFile, AUnixSocketIsRefusedAsASocket) {
  TempDir dir;
  const std::string path = dir.path() + "/config.yaml";
  const int listener = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  ASSERT_GE(listener, 0);
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  ASSERT_LT(path.size(), sizeof address.sun_path);
  std::memcpy(address.sun_path, path.c_str(), path.size() + 1);
  ASSERT_EQ(bind(listener, reinterpret_cast<const sockaddr*>(&address), sizeof address), 0);

  const FileRead read = readRegularFile(path, kLimit);
  close(listener);
  EXPECT_EQ(read.status, FileRead::Status::Refused);
  EXPECT_EQ(read.error, "is a socket, not a regular file");
}

TEST(RegularFileProblem, ARegularFileOrASymlinkToOneHasNone) {
  TempDir dir;
  const std::string file = dir.write("ca.crt", "PEM");
  std::filesystem::create_symlink(file, dir.path() + "/link");
  EXPECT_EQ(regularFileProblem(file), std::nullopt);
  EXPECT_EQ(regularFileProblem(dir.path() + "/link"), std::nullopt);
}

TEST(RegularFileProblem, SaysWhatIsThereInsteadWithoutOpeningIt) {
  TempDir dir;
  testing::makeFifo(dir.path() + "/ca.crt");
  EXPECT_EQ(regularFileProblem(dir.path() + "/ca.crt"), "is a FIFO, not a regular file");
  EXPECT_EQ(regularFileProblem(dir.path()), "is a directory, not a regular file");
  EXPECT_EQ(regularFileProblem(dir.path() + "/missing"), "does not exist");
  EXPECT_EQ(regularFileProblem(dir.path() + "/missing/ca.crt"), "does not exist");
}

}  // namespace
}  // namespace lecter
