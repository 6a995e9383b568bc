#include "lecter/kube/token_source.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "support/common/manual_clock.h"
#include "support/common/temp_dir.h"

namespace lecter {
namespace {

using std::chrono::seconds;
using testing::ManualClock;
using testing::TempDir;

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
  ManualClock clock;
  const std::string path = dir.write("token", " \n");
  FileTokenSource tokens({path}, clock);
  std::string error;

  EXPECT_EQ(tokens.token(&error), "");
  EXPECT_EQ(error, "token file " + path + " is empty");
}

TEST(FileTokenSource, ADirectoryInPlaceOfTheFileIsAnErrorNamingIt) {
  TempDir dir;
  ManualClock clock;
  const std::string path = dir.path() + "/token";
  std::filesystem::create_directory(path);
  FileTokenSource tokens({path}, clock);
  std::string error;

  EXPECT_EQ(tokens.token(&error), "");
  EXPECT_EQ(error, "token file " + path + " is not a regular file");
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

}  // namespace
}  // namespace lecter
