#pragma once
// The tray icon for each state, drawn in code so every size stays sharp: a coloured disc
// with a glyph, distinct in colour and in shape (for people who do not see the colours).

#include <wx/bitmap.h>
#include <wx/icon.h>

#include "model/tray_model.h"

namespace wpn::tray {

wxBitmap paint_state_bitmap(IconState state, int size);
wxIcon paint_state_icon(IconState state, int size = 22);

}  // namespace wpn::tray
