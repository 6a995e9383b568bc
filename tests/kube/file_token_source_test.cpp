#include "lecter/kube/token_source.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "support/common/fifo.h"
#include "support/common/manual_clock.h"
#include "support/common/temp_dir.h"

namespace lecter {
namespace {

using std::chrono::seconds;
using testing::ManualClock;
using testing::TempDir;

/// The error a FileTokenSource gives for the file at `path`, which must give no token.
std::string refusalOf(const std::string& path) {
  ManualClock clock;
  FileTokenSource tokens({path}, clock);
  std::string error;
  EXPECT_EQ(tokens.token(&error), "") << "a token from " << path;
  return error;
}

TEST(FileTokenSource, TrimsWhitespaceAndNewlinesAtBothEnds) {
  TempDir dir;
  ManualClock clock;
  FileTokenSource tokens({dir.write("token", " \t\neyJhbGciOi.payload.sig\r\n\n")}, clock);
  std::string error = "stale";

  EXPECT_EQ(tokens.token(&error), "eyJhbGciOi.payload.sig");
  EXPECT_EQ(error, "");
}

TEST(FileTokenSource, ReadsTheFirstPathThatExists) {
  TempDir dir;
  ManualClock clock;
  dir.write("second", "from-second");
  dir.write("third", "from-third");
  FileTokenSource tokens({dir.path() + "/first", dir.path() + "/second", dir.path() + "/third"}, clock);

  EXPECT_EQ(tokens.token(nullptr), "from-second");
}

TEST(FileTokenSource, KeepsTheCachedTokenUntilTheRefreshTimeHasPassed) {
  TempDir dir;
  ManualClock clock;
  const std::string path = dir.write("token", "old");
  FileTokenSource tokens({path}, clock, seconds(60));
  ASSERT_EQ(tokens.token(nullptr), "old");

  dir.write("token", "new");
  clock.advance(seconds(59));
  EXPECT_EQ(tokens.token(nullptr), "old");

  clock.advance(seconds(1));
  EXPECT_EQ(tokens.token(nullptr), "new");
}

TEST(FileTokenSource, InvalidateMakesTheNextCallReadTheFile) {
  TempDir dir;
  ManualClock clock;
  FileTokenSource tokens({dir.write("token", "old")}, clock);
  ASSERT_EQ(tokens.token(nullptr), "old");

  dir.write("token", "new");
  EXPECT_EQ(tokens.token(nullptr), "old");
  tokens.invalidate();
  EXPECT_EQ(tokens.token(nullptr), "new");
}

TEST(FileTokenSource, NoFileGivesAnEmptyTokenAndAnErrorNamingEveryPathTried) {
  TempDir dir;
  ManualClock clock;
  const std::string first = dir.path() + "/token";
  const std::string second = dir.path() + "/conf/token";
  FileTokenSource tokens({first, second}, clock);
  std::string error;

  EXPECT_EQ(tokens.token(&error), "");
  EXPECT_EQ(error, "no token file found (tried: " + first + ", " + second + ")");
}

TEST(FileTokenSource, AFileThatAppearsLaterIsPickedUpWithoutWaiting) {
  TempDir dir;
  ManualClock clock;
  FileTokenSource tokens({dir.path() + "/token"}, clock);
  std::string error;
  ASSERT_EQ(tokens.token(&error), "");

  dir.write("token", "arrived");
  EXPECT_EQ(tokens.token(&error), "arrived");
  EXPECT_EQ(error, "");
}

TEST(FileTokenSource, AnEmptyFileIsAnErrorNamingTheFile) {
  TempDir dir;
  const std::string path = dir.write("token", " \n");
  EXPECT_EQ(refusalOf(path), "token file " + path + ": is empty");
}

TEST(FileTokenSource, ADirectoryInPlaceOfTheFileIsAnErrorNamingIt) {
  TempDir dir;
  const std::string path = dir.path() + "/token";
  std::filesystem::create_directory(path);
  EXPECT_EQ(refusalOf(path), "token file " + path + ": is a directory, not a regular file");
}

TEST(FileTokenSource, ATokenThatDisappearsIsReportedAtTheNextRefresh) {
  TempDir dir;
  ManualClock clock;
  const std::string path = dir.write("token", "gone-soon");
  FileTokenSource tokens({path}, clock);
  ASSERT_EQ(tokens.token(nullptr), "gone-soon");

  std::filesystem::remove(path);
  clock.advance(seconds(60));
  std::string error;
  EXPECT_EQ(tokens.token(&error), "");
  EXPECT_NE(error.find(path), std::string::npos) << error;
}

TEST(FileTokenSource, ALineBreakInsideTheTokenIsRefusedNamingTheFileAndTheReasonButNotTheToken) {
  TempDir dir;
  // As a header, "Bearer abc\r\nX-Injected: 1" would add a header to every request.
  const std::string path = dir.write("token", "abc\r\nX-Injected: 1\n");
  const std::string error = refusalOf(path);
  EXPECT_EQ(error, "token file " + path + ": the token holds a control character (0x0D)");
  EXPECT_EQ(error.find("abc"), std::string::npos) << error;
  EXPECT_EQ(error.find("Injected"), std::string::npos) << error;
}

TEST(FileTokenSource, AnyControlCharacterInsideTheTokenIsRefused) {
  TempDir dir;
  for (const char inside : {'\n', '\t', '\0', '\x01', '\x1b', '\x7f'}) {
    const std::string error = refusalOf(dir.write("token", "abc" + std::string(1, inside) + "def\n"));
    EXPECT_NE(error.find("holds a control character"), std::string::npos)
        << "byte " << static_cast<int>(inside) << ": " << error;
  }
}

TEST(FileTokenSource, AFileOverSixtyFourKibIsRefusedWithItsSize) {
  TempDir dir;
  const std::string path = dir.write("token", std::string(1024 * 1024, 'a'));
  EXPECT_EQ(refusalOf(path), "token file " + path + ": is 1048576 bytes, more than 64 KiB");
}

TEST(FileTokenSource, ATokenOfSixtyFourKibIsStillSent) {
  TempDir dir;
  ManualClock clock;
  FileTokenSource tokens({dir.write("token", std::string(64 * 1024, 'a'))}, clock);
  EXPECT_EQ(tokens.token(nullptr).size(), 64U * 1024);
}

TEST(FileTokenSource, AFifoInPlaceOfTheFileIsRefusedWithoutWaitingForAWriter) {
  TempDir dir;
  const std::string path = dir.path() + "/token";
  testing::makeFifo(path);
  std::string error;
  EXPECT_TRUE(testing::returnsWithoutAWriter(path, [&] { error = refusalOf(path); }))
      << "reading the token waited for a writer";
  EXPECT_EQ(error, "token file " + path + ": is a FIFO, not a regular file");
}

TEST(FileTokenSource, ARefusedTokenIsNotCachedSoTheMendedFileIsReadAtTheNextCall) {
  TempDir dir;
  ManualClock clock;
  const std::string path = dir.write("token", "abc\ndef");
  FileTokenSource tokens({path}, clock);
  ASSERT_EQ(tokens.token(nullptr), "");

  dir.write("token", "abcdef\n");
  std::string error;
  EXPECT_EQ(tokens.token(&error), "abcdef");
  EXPECT_EQ(error, "");
}

}  // namespace
}  // namespace lecter
