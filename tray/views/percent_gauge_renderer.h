#pragma once
// A gauge cell with its percent written on it ("42 %"): the stock progress renderer of
// wxDataViewCtrl draws only the bar on GTK.

#include <wx/dataview.h>

namespace wpn::tray {

class PercentGaugeRenderer : public wxDataViewCustomRenderer {
 public:
  PercentGaugeRenderer();

  bool SetValue(const wxVariant& value) override;
  bool GetValue(wxVariant& value) const override;
  wxSize GetSize() const override;
  bool Render(wxRect cell, wxDC* dc, int state) override;

  // What Render writes on the gauge for the value last set.
  wxString label() const;

 private:
  long value_ = 0;
};

}  // namespace wpn::tray
