import { Controller, Get, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Public } from '../admin/access.decorator.js';
import { ServiceError } from '../common/service-error.js';
import { loadPortalFiles, type PortalFile } from './portal-files.js';
import { setPortalHeaders } from './portal-headers.js';

const PORTAL_PREFIX = '/portal/';

/** Serves the web portal's static files. The pages call the JSON API with the user's session. */
@Controller('portal')
@Public()
export class PortalController {
  private readonly files: ReadonlyMap<string, PortalFile> = loadPortalFiles();

  /** `/portal` and `/portal/`: relative script URLs need the trailing slash. */
  @Get()
  root(@Req() req: Request, @Res() res: Response): void {
    if (!req.path.endsWith('/')) return res.redirect(301, PORTAL_PREFIX);
    this.file(req, res);
  }

  @Get('*path')
  file(@Req() req: Request, @Res() res: Response): void {
    const name = req.path.startsWith(PORTAL_PREFIX) ? req.path.slice(PORTAL_PREFIX.length) : '';
    // Page addresses such as `/portal/invitation` are the same single page; files have a dot.
    const file = this.files.get(name === '' || !name.includes('.') ? 'index.html' : name);
    if (file === undefined) {
      if (!this.files.has('index.html')) {
        throw new ServiceError('NOT_FOUND', 'the portal is not built: run "npm run build"');
      }
      throw new ServiceError('NOT_FOUND', 'no such portal file');
    }
    setPortalHeaders(res, file.contentType);
    res.send(file.body);
  }
}
