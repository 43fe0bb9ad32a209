#pragma once
// One list of the transfers window (uploads, downloads or the upload queue): a virtual
// wxDataViewCtrl over the model's window of rows, with the progress drawn as a gauge in its
// column. Only the rows on screen are fetched ("transfers.view"); events keep them current.

#include <string>
#include <vector>

#include <wx/dataview.h>

#include "app/controller.h"

namespace wpn::tray {

class TransferListModel : public wxDataViewVirtualListModel {
 public:
  TransferListModel(Controller& controller, ListKind kind);

  void GetValueByRow(wxVariant& value, unsigned row, unsigned column) const override;
  bool SetValueByRow(const wxVariant&, unsigned, unsigned) override { return false; }

  struct Column {
    std::string title;
    int width;
    bool gauge;
  };
  const std::vector<Column>& columns() const noexcept { return columns_; }
  // What a cell shows, as text (the gauge column as "42 %"); "" for a row not loaded yet.
  std::string cell_text(unsigned row, unsigned column) const;
  // The gauge's value 0..100, or -1 for a row not loaded yet.
  int gauge(unsigned row) const;
  const ipc::TransferDto* transfer_at(unsigned row) const;

 private:
  Controller& controller_;
  ListKind kind_;
  std::vector<Column> columns_;
};

class TransferList : public wxDataViewCtrl {
 public:
  TransferList(wxWindow* parent, Controller& controller, ListKind kind);
  ListKind kind() const noexcept { return kind_; }
  // Row count from the model; asks for the rows on screen; repaints them.
  void sync();
  const ipc::TransferDto* selected_transfer() const;
  TransferListModel* list_model() const noexcept { return model_.get(); }
  unsigned row_count() const { return model_->GetCount(); }

 private:
  Controller& controller_;
  ListKind kind_;
  wxObjectDataPtr<TransferListModel> model_;
};

}  // namespace wpn::tray
