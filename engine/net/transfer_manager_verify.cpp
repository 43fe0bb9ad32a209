// TransferManager: a complete download's part file is flushed and its key recomputed by the
// DownloadVerifier's worker, which also moves a matching file into the download folder (a copy
// of gigabytes when that folder is on another disk); the verdict comes back to the loop and into
// the Downloader. The download shows as verifying meanwhile and holds its slot.
#include <Poco/Logger.h>

#include "net/transfer_manager.h"

namespace wpn::net {

void TransferManager::verify_off_loop(const protocol::FileKey& key) {
  storage_.release(key);  // written no more; a mismatch reopens it for the bytes fetched again
  std::optional<FinishTarget> finish_into;
  if (const auto* d = downloader_.find(key))
    finish_into = FinishTarget{storage_.download_dir(), local_file_name(d->name, key)};
  verifier_.verify(key, storage_.part_path(key), storage_.meta_path(key), std::move(finish_into));
}

// A verdict for a download cancelled or removed meanwhile is dropped by the verifier; one that
// arrives once the download is no longer verifying (cancelled and added again) finds no taker.
void TransferManager::on_verified(const protocol::FileKey& key, DownloadVerifier::Verdict verified,
                                  const std::string& moved_to) {
  const auto* d = downloader_.find(key);
  if (d == nullptr || d->state != transfer::DownloadState::Verifying) return;
  if (!verified) {
    fail_download(d->id, key, verified.error());
    return;
  }
  if (!*verified) Poco::Logger::get("wpn.net").warning("download " + key.hex() + ": content hash differs");
  // In the row before the Downloader says it is finished: whoever hears that finds the file.
  if (*verified) {
    storage_.forget(key);  // released for the check; a later download of the key starts afresh
    if (const auto row = rows_.find(d->id); row != rows_.end()) row->second.row.local_path = moved_to;
  }
  apply(Machine::Download, downloader_.on_verified(key, *verified, now()));
}

// The worker has moved the file by now (FinishFile only follows a matching verdict).
void TransferManager::on_finished(const protocol::FileKey& key) {
  const auto id = download_id(key);
  const auto row = id ? rows_.find(*id) : rows_.end();
  if (row == rows_.end() || row->second.row.local_path.empty()) {
    if (id) fail_download(*id, key, "the file was not moved into the download folder");
    return;
  }
  Poco::Logger::get("wpn.net").information("download complete: " + row->second.row.local_path);
}

// After a stop the checks that were running are gone; the downloads still verifying are
// checked again (a new manager starts them from their complete sidecars instead).
void TransferManager::resume_verifications() {
  for (const auto& [id, key] : download_keys_)
    if (const auto* d = downloader_.find(key);
        d != nullptr && d->state == transfer::DownloadState::Verifying && !verifier_.checking(key))
      verify_off_loop(key);
}

}  // namespace wpn::net
