#pragma once
/// What a RestKubeClient unit test stands on: a token file, the FileTokenSource that reads it on a
/// manual clock, and a FakeHttpClient that records every request and answers as the test scripts.

#include <gtest/gtest.h>

#include <string>

#include "lecter/kube/rest_kube_client.h"
#include "lecter/kube/token_source.h"
#include "support/common/fake_http_client.h"
#include "support/common/manual_clock.h"
#include "support/common/temp_dir.h"

namespace lecter::testing {

class RestClientFixture : public ::testing::Test {
 protected:
  /// `token`: the token file's text, without its trailing newline.
  explicit RestClientFixture(const std::string& token = "the-token")
      : token_path_(dir_.write("token", token + "\n")) {}

  RestKubeClient makeClient(const std::string& endpoint_api, const std::string& content_type) {
    RestKubeOptions options;
    options.endpoint_api = endpoint_api;
    options.content_type = content_type;
    return RestKubeClient(http_, tokens_, options);
  }

  TempDir dir_;
  std::string token_path_;
  ManualClock clock_;
  FileTokenSource tokens_{{token_path_}, clock_};
  FakeHttpClient http_;
};

}  // namespace lecter::testing
